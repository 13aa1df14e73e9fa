package paimonsim.oracle;

import org.apache.paimon.Snapshot;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.BinaryRow;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.index.HashBucketAssigner;
import org.apache.paimon.io.DataFileMeta;
import org.apache.paimon.options.ExpireConfig;
import org.apache.paimon.options.Options;
import org.apache.paimon.predicate.Predicate;
import org.apache.paimon.predicate.PredicateBuilder;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.schema.SchemaChange;
import org.apache.paimon.schema.TableSchema;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.paimon.table.BucketMode;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.sink.BatchTableCommit;
import org.apache.paimon.table.sink.BatchTableWrite;
import org.apache.paimon.table.sink.BatchWriteBuilder;
import org.apache.paimon.table.sink.CommitMessage;
import org.apache.paimon.table.sink.RowPartitionKeyExtractor;
import org.apache.paimon.table.sink.StreamTableCommit;
import org.apache.paimon.table.sink.StreamTableWrite;
import org.apache.paimon.table.sink.StreamWriteBuilder;
import org.apache.paimon.table.sink.TableWrite;
import org.apache.paimon.table.source.DataSplit;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.table.source.Split;
import org.apache.paimon.tag.Tag;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypeJsonParser;
import org.apache.paimon.types.RowKind;
import org.apache.paimon.types.RowType;
import org.apache.paimon.utils.Pair;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The oracle's commands, each a JSON request → a JSON result, all through Paimon's public Java API (Catalog,
 * Table, ReadBuilder, BatchWriteBuilder / StreamWriteBuilder, tags, rollback, expiration, schema changes).
 * Every request names its `warehouse` (a local directory, filesystem catalog) and `table` (`db.t`).
 */
final class Commands implements AutoCloseable {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Catalog> catalogs = new HashMap<>();

    JsonNode run(JsonNode request) throws Exception {
        String cmd = request.path("cmd").asText();
        switch (cmd) {
            case "ping":
                // the paimon-bundle version from its jar manifest
                return NODES.textNode(
                        String.valueOf(
                                org.apache.paimon.CoreOptions.class
                                        .getPackage()
                                        .getImplementationVersion()));
            case "create":
                return create(request);
            case "write":
                return write(request);
            case "compact":
                return compact(request);
            case "read":
                return read(request);
            case "snapshots":
                return snapshots(request);
            case "tags":
                return tags(request);
            case "system":
                return system(request);
            case "createTag":
                table(request).createTag(
                        request.get("name").asText(),
                        request.get("snapshot").asLong(),
                        request.hasNonNull("timeRetainedMs")
                                ? Duration.ofMillis(request.get("timeRetainedMs").asLong())
                                : null);
                return NODES.nullNode();
            case "deleteTag":
                table(request).deleteTag(request.get("name").asText());
                return NODES.nullNode();
            case "rollback":
                if (request.has("tag")) {
                    table(request).rollbackTo(request.get("tag").asText());
                } else {
                    table(request).rollbackTo(request.get("snapshot").asLong());
                }
                return NODES.nullNode();
            case "expire":
                return expire(request);
            case "alter":
                return alter(request);
            default:
                throw new IllegalArgumentException("unknown command '" + cmd + "'");
        }
    }

    // ---- catalog and tables ------------------------------------------------------------------------------

    private Catalog catalog(JsonNode request) {
        return catalogs.computeIfAbsent(
                request.get("warehouse").asText(),
                warehouse -> {
                    Options options = new Options();
                    options.set("warehouse", warehouse);
                    // paimon-sim changes the same tables between commands: never serve a cached table
                    options.set("cache-enabled", "false");
                    // an empty Hadoop configuration: CatalogContext.create(Options) would load
                    // HdfsConfiguration (hdfs-site.xml), which the Hadoop client API does not need here
                    return CatalogFactory.createCatalog(
                            CatalogContext.create(
                                    options, new org.apache.hadoop.conf.Configuration(false)));
                });
    }

    private FileStoreTable table(JsonNode request) throws Exception {
        return (FileStoreTable)
                catalog(request).getTable(Identifier.fromString(request.get("table").asText()));
    }

    private static DataType type(JsonNode json) {
        return DataTypeJsonParser.parseDataType(json);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null) {
            object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** {fields: [{name, type (Paimon type JSON)}], partitionKeys, primaryKeys, options}. */
    private JsonNode create(JsonNode request) throws Exception {
        Catalog catalog = catalog(request);
        Identifier id = Identifier.fromString(request.get("table").asText());
        catalog.createDatabase(id.getDatabaseName(), true);
        Schema.Builder schema = Schema.newBuilder();
        for (JsonNode field : request.get("fields")) {
            schema.column(field.get("name").asText(), type(field.get("type")));
        }
        schema.partitionKeys(strings(request.get("partitionKeys")));
        List<String> primaryKeys = strings(request.get("primaryKeys"));
        if (!primaryKeys.isEmpty()) {
            schema.primaryKey(primaryKeys);
        }
        schema.options(stringMap(request.get("options")));
        catalog.createTable(id, schema.build(), false);
        FileStoreTable table = table(request);
        return schemaJson(table.schemaManager().schema(table.schema().id()));
    }

    /** {changes: [{kind: addColumn|renameColumn|dropColumn|updateColumnType|setOption|removeOption, ...}]}. */
    private JsonNode alter(JsonNode request) throws Exception {
        List<SchemaChange> changes = new ArrayList<>();
        for (JsonNode c : request.get("changes")) {
            String kind = c.get("kind").asText();
            switch (kind) {
                case "addColumn":
                    changes.add(SchemaChange.addColumn(c.get("name").asText(), type(c.get("type"))));
                    break;
                case "renameColumn":
                    changes.add(SchemaChange.renameColumn(c.get("from").asText(), c.get("to").asText()));
                    break;
                case "dropColumn":
                    changes.add(SchemaChange.dropColumn(c.get("name").asText()));
                    break;
                case "updateColumnType":
                    changes.add(SchemaChange.updateColumnType(c.get("name").asText(), type(c.get("type"))));
                    break;
                case "setOption":
                    changes.add(SchemaChange.setOption(c.get("key").asText(), c.get("value").asText()));
                    break;
                case "removeOption":
                    changes.add(SchemaChange.removeOption(c.get("key").asText()));
                    break;
                default:
                    throw new IllegalArgumentException("unknown schema change '" + kind + "'");
            }
        }
        catalog(request)
                .alterTable(Identifier.fromString(request.get("table").asText()), changes, false);
        FileStoreTable table = table(request);
        return schemaJson(table.schemaManager().schema(table.schema().id()));
    }

    // ---- writing -----------------------------------------------------------------------------------------

    /**
     * {commits: [{rows, kinds?, overwrite?, compact?}], stream?: {commitUser?, firstIdentifier}}. Without
     * `stream` each commit is one batch commit (a new BatchWriteBuilder, identifier Long.MAX_VALUE, like
     * pypaimon); `overwrite` ({k: v} or {}) makes it an INSERT OVERWRITE. With `stream` one StreamTableWrite
     * commits them with identifiers firstIdentifier, firstIdentifier + 1, ... `compact: true` asks for a full
     * compaction of every bucket the table (and the commit) has. Returns the latest snapshot id.
     */
    private JsonNode write(JsonNode request) throws Exception {
        FileStoreTable table = table(request);
        JsonNode stream = request.get("stream");
        if (stream == null || stream.isNull()) {
            for (JsonNode commit : request.get("commits")) {
                BatchWriteBuilder builder = table(request).newBatchWriteBuilder();
                if (commit.has("overwrite") && !commit.get("overwrite").isNull()) {
                    builder = builder.withOverwrite(stringMap(commit.get("overwrite")));
                }
                try (BatchTableWrite write = builder.newWrite();
                        BatchTableCommit committer = builder.newCommit()) {
                    // the batch commit user is internal to BatchWriteBuilder; the assigner only uses its own
                    Writer writer = new Writer(table(request), write, "oracle-batch-assigner");
                    writer.write(commit);
                    writer.prepare(Long.MAX_VALUE);
                    committer.commit(write.prepareCommit());
                }
            }
        } else {
            StreamWriteBuilder builder = table.newStreamWriteBuilder();
            if (stream.hasNonNull("commitUser")) {
                builder = builder.withCommitUser(stream.get("commitUser").asText());
            }
            long identifier = stream.path("firstIdentifier").asLong(1);
            try (StreamTableWrite write = builder.newWrite();
                    StreamTableCommit committer = builder.newCommit()) {
                Writer writer = new Writer(table, write, builder.commitUser());
                for (JsonNode commit : request.get("commits")) {
                    boolean compact = writer.write(commit);
                    writer.prepare(identifier);
                    List<CommitMessage> messages = write.prepareCommit(compact, identifier);
                    committer.commit(identifier, messages);
                    identifier++;
                }
            }
        }
        return latestId(table(request));
    }

    /** A full compaction of every partition and bucket of the table, as one batch commit. */
    private JsonNode compact(JsonNode request) throws Exception {
        FileStoreTable table = table(request);
        BatchWriteBuilder builder = table.newBatchWriteBuilder();
        try (BatchTableWrite write = builder.newWrite();
                BatchTableCommit committer = builder.newCommit()) {
            for (Pair<BinaryRow, Integer> pb : partitionBuckets(table)) {
                write.compact(pb.getLeft(), pb.getRight(), true);
            }
            committer.commit(write.prepareCommit());
        }
        return latestId(table(request));
    }

    private static JsonNode latestId(FileStoreTable table) {
        Snapshot latest = table.snapshotManager().latestSnapshot();
        return latest == null ? NODES.nullNode() : NODES.numberNode(latest.id());
    }

    private static Set<Pair<BinaryRow, Integer>> partitionBuckets(FileStoreTable table) {
        Set<Pair<BinaryRow, Integer>> out = new LinkedHashSet<>();
        for (Split split : table.newReadBuilder().newScan().plan().splits()) {
            DataSplit ds = (DataSplit) split;
            out.add(Pair.of(ds.partition().copy(), ds.bucket()));
        }
        return out;
    }

    /** Writes the rows of one commit; in dynamic bucket mode assigns buckets as Flink's assigner does. */
    private static final class Writer {
        private final FileStoreTable table;
        private final TableWrite write;
        private final RowType rowType;
        private final HashBucketAssigner assigner;
        private final RowPartitionKeyExtractor extractor;

        Writer(FileStoreTable table, TableWrite write, String commitUser) {
            this.table = table;
            this.write = write;
            this.rowType = table.rowType();
            if (table.bucketMode() == BucketMode.HASH_DYNAMIC) {
                // HashBucketAssignerOperator (paimon-flink) with one task: the key index of the latest snapshot
                this.assigner =
                        new HashBucketAssigner(
                                table.snapshotManager(),
                                commitUser,
                                table.store().newIndexFileHandler(),
                                1,
                                1,
                                0,
                                table.coreOptions().dynamicBucketTargetRowNum(),
                                table.coreOptions().dynamicBucketMaxBuckets());
                this.extractor = new RowPartitionKeyExtractor(table.schema());
            } else {
                this.assigner = null;
                this.extractor = null;
            }
        }

        /** Writes the commit's rows (with their kinds); returns whether it asks for a compaction. */
        boolean write(JsonNode commit) throws Exception {
            JsonNode kinds = commit.get("kinds");
            int i = 0;
            for (JsonNode json : commit.get("rows")) {
                RowKind kind =
                        kinds == null || kinds.isNull()
                                ? RowKind.INSERT
                                : RowKind.fromShortString(kinds.get(i).asText());
                GenericRow row = Values.toRow(rowType, json, kind);
                if (assigner != null) {
                    int bucket =
                            assigner.assign(
                                    extractor.partition(row),
                                    extractor.trimmedPrimaryKey(row).hashCode());
                    write.write(row, bucket);
                } else {
                    write.write(row);
                }
                i++;
            }
            boolean compact = commit.path("compact").asBoolean(false);
            if (compact) {
                for (Pair<BinaryRow, Integer> pb : partitionBuckets(table)) {
                    write.compact(pb.getLeft(), pb.getRight(), true);
                }
            }
            return compact;
        }

        void prepare(long identifier) {
            if (assigner != null) {
                assigner.prepareCommit(identifier);
            }
        }
    }

    // ---- reading -----------------------------------------------------------------------------------------

    /**
     * {snapshot? | tag?, filter?, projection?}: the table (time-travelled: Paimon switches to the snapshot's
     * schema) → {schema, snapshotId, rows, splits: [{partition, bucket, files: [...]}]}. With a filter the plan
     * is pruned by partition and file statistics and the reader drops rows that do not match
     * (`executeFilter`): rows missing from the answer mean statistics pruned a file they were in.
     */
    private JsonNode read(JsonNode request) throws Exception {
        Map<String, String> dynamic = new HashMap<>();
        if (request.hasNonNull("snapshot")) {
            dynamic.put("scan.snapshot-id", request.get("snapshot").asText());
        }
        if (request.hasNonNull("tag")) {
            dynamic.put("scan.tag-name", request.get("tag").asText());
        }
        FileStoreTable table = table(request).copy(dynamic);
        RowType rowType = table.rowType();
        ReadBuilder builder = table.newReadBuilder();
        if (request.hasNonNull("filter")) {
            builder = builder.withFilter(predicate(rowType, request.get("filter")));
        }
        RowType outType = rowType;
        if (request.hasNonNull("projection")) {
            List<String> names = strings(request.get("projection"));
            int[] projection = names.stream().mapToInt(rowType::getFieldIndex).toArray();
            builder = builder.withProjection(projection);
            outType = rowType.project(names);
        }
        List<Split> splits = builder.newScan().plan().splits();
        ArrayNode rows = NODES.arrayNode();
        try (RecordReader<InternalRow> reader =
                builder.newRead().executeFilter().createReader(splits)) {
            RowType type = outType;
            reader.forEachRemaining(row -> rows.add(Values.toJson(type, row)));
        }
        ObjectNode out = NODES.objectNode();
        // the schema as stored (table.schema() carries the dynamic options and the catalog's 'path')
        out.set("schema", schemaJson(table.schemaManager().schema(table.schema().id())));
        out.set("rows", rows);
        out.set("splits", splitsJson(table, splits));
        return out;
    }

    private static ArrayNode splitsJson(FileStoreTable table, List<Split> splits) {
        RowType partitionType = table.schema().logicalPartitionType();
        ArrayNode out = NODES.arrayNode();
        for (Split split : splits) {
            DataSplit ds = (DataSplit) split;
            ObjectNode s = NODES.objectNode();
            s.set("partition", Values.toJson(partitionType, ds.partition()));
            s.put("bucket", ds.bucket());
            ArrayNode files = s.putArray("files");
            for (DataFileMeta f : ds.dataFiles()) {
                ObjectNode file = files.addObject();
                file.put("fileName", f.fileName());
                file.put("level", f.level());
                file.put("rowCount", f.rowCount());
                file.put("minSequenceNumber", f.minSequenceNumber());
                file.put("maxSequenceNumber", f.maxSequenceNumber());
                file.put("schemaId", f.schemaId());
                if (f.deleteRowCount().isPresent()) {
                    file.put("deleteRowCount", f.deleteRowCount().get());
                } else {
                    file.putNull("deleteRowCount");
                }
                file.put("fileSource", f.fileSource().map(Enum::name).orElse(null));
            }
            out.add(s);
        }
        return out;
    }

    /**
     * {op: eq|ne|lt|le|gt|ge|isNull|isNotNull|in|notIn|between, field, value | values} or {op: and|or,
     * children}; literals in the JSON encoding of the field's type.
     */
    private static Predicate predicate(RowType rowType, JsonNode p) {
        String op = p.get("op").asText();
        if (op.equals("and") || op.equals("or")) {
            List<Predicate> children = new ArrayList<>();
            p.get("children").forEach(c -> children.add(predicate(rowType, c)));
            return op.equals("and") ? PredicateBuilder.and(children) : PredicateBuilder.or(children);
        }
        PredicateBuilder b = new PredicateBuilder(rowType);
        String name = p.get("field").asText();
        int idx = b.indexOf(name);
        if (idx < 0) {
            throw new IllegalArgumentException("no field '" + name + "' in " + rowType);
        }
        DataType type = rowType.getTypeAt(idx);
        switch (op) {
            case "isNull":
                return b.isNull(idx);
            case "isNotNull":
                return b.isNotNull(idx);
            case "in":
            case "notIn":
                {
                    List<Object> literals = new ArrayList<>();
                    p.get("values").forEach(v -> literals.add(Values.toInternal(type, v)));
                    return op.equals("in") ? b.in(idx, literals) : b.notIn(idx, literals);
                }
            case "between":
                return b.between(
                        idx,
                        Values.toInternal(type, p.get("values").get(0)),
                        Values.toInternal(type, p.get("values").get(1)));
            default:
                break;
        }
        Object literal = Values.toInternal(type, p.get("value"));
        switch (op) {
            case "eq":
                return b.equal(idx, literal);
            case "ne":
                return b.notEqual(idx, literal);
            case "lt":
                return b.lessThan(idx, literal);
            case "le":
                return b.lessOrEqual(idx, literal);
            case "gt":
                return b.greaterThan(idx, literal);
            case "ge":
                return b.greaterOrEqual(idx, literal);
            default:
                throw new IllegalArgumentException("unknown predicate op '" + op + "'");
        }
    }

    private static ObjectNode schemaJson(TableSchema schema) {
        ObjectNode out = NODES.objectNode();
        out.put("id", schema.id());
        ArrayNode fields = out.putArray("fields");
        for (DataField f : schema.fields()) {
            ObjectNode field = fields.addObject();
            field.put("id", f.id());
            field.put("name", f.name());
            field.put("type", f.type().asSQLString());
        }
        out.set("partitionKeys", strings(schema.partitionKeys()));
        out.set("primaryKeys", strings(schema.primaryKeys()));
        ObjectNode options = out.putObject("options");
        schema.options().forEach(options::put);
        return out;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode out = NODES.arrayNode();
        values.forEach(out::add);
        return out;
    }

    /** Every snapshot of the table, oldest first (identifiers and watermarks as decimal strings). */
    private JsonNode snapshots(JsonNode request) throws Exception {
        FileStoreTable table = table(request);
        ArrayNode out = NODES.arrayNode();
        Iterator<Snapshot> it = table.snapshotManager().snapshots();
        List<Snapshot> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        all.sort((a, b) -> Long.compare(a.id(), b.id()));
        for (Snapshot s : all) {
            out.add(snapshotJson(s));
        }
        return out;
    }

    private static ObjectNode snapshotJson(Snapshot s) {
        ObjectNode o = NODES.objectNode();
        o.put("id", s.id());
        o.put("schemaId", s.schemaId());
        o.put("commitUser", s.commitUser());
        o.put("commitIdentifier", Long.toString(s.commitIdentifier()));
        o.put("commitKind", s.commitKind().name());
        o.put("timeMillis", s.timeMillis());
        o.put("totalRecordCount", s.totalRecordCount());
        o.put("deltaRecordCount", s.deltaRecordCount());
        o.put("changelogRecordCount", s.changelogRecordCount());
        o.put("baseManifestList", s.baseManifestList());
        o.put("deltaManifestList", s.deltaManifestList());
        o.put("changelogManifestList", s.changelogManifestList());
        o.put("indexManifest", s.indexManifest());
        o.put("watermark", s.watermark() == null ? null : Long.toString(s.watermark()));
        o.put("version", s.version());
        return o;
    }

    /** Tags sorted by name: {name, snapshotId, timeRetainedMs, createTime}. */
    private JsonNode tags(JsonNode request) throws Exception {
        FileStoreTable table = table(request);
        List<Pair<Tag, String>> tags = new ArrayList<>(table.tagManager().tagObjects());
        tags.sort((a, b) -> a.getRight().compareTo(b.getRight()));
        ArrayNode out = NODES.arrayNode();
        for (Pair<Tag, String> t : tags) {
            ObjectNode o = out.addObject();
            o.put("name", t.getRight());
            o.put("snapshotId", t.getLeft().id());
            Duration retained = t.getLeft().getTagTimeRetained();
            o.put("timeRetainedMs", retained == null ? null : retained.toMillis());
            o.put(
                    "createTime",
                    t.getLeft().getTagCreateTime() == null
                            ? null
                            : t.getLeft().getTagCreateTime().toString());
        }
        return out;
    }

    /** A system table `db.t$name`: {fields: [{name, type}], rows} (rows in the JSON encoding). */
    private JsonNode system(JsonNode request) throws Exception {
        Table table =
                catalog(request)
                        .getTable(
                                Identifier.fromString(
                                        request.get("table").asText()
                                                + "$"
                                                + request.get("name").asText()));
        RowType rowType = table.rowType();
        ReadBuilder builder = table.newReadBuilder();
        ArrayNode rows = NODES.arrayNode();
        try (RecordReader<InternalRow> reader =
                builder.newRead().createReader(builder.newScan().plan())) {
            reader.forEachRemaining(row -> rows.add(Values.toJson(rowType, row)));
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode fields = out.putArray("fields");
        for (DataField f : rowType.getFields()) {
            fields.addObject().put("name", f.name()).put("type", f.type().asSQLString());
        }
        out.set("rows", rows);
        return out;
    }

    /** {retainMin, retainMax, timeRetainedMs, maxDeletes} → number of snapshots expired. */
    private JsonNode expire(JsonNode request) throws Exception {
        ExpireConfig config =
                ExpireConfig.builder()
                        .snapshotRetainMin(request.path("retainMin").asInt(1))
                        .snapshotRetainMax(request.path("retainMax").asInt(Integer.MAX_VALUE))
                        .snapshotTimeRetain(Duration.ofMillis(request.path("timeRetainedMs").asLong(0)))
                        .snapshotMaxDeletes(request.path("maxDeletes").asInt(Integer.MAX_VALUE))
                        .build();
        return NODES.numberNode(table(request).newExpireSnapshots().config(config).expire());
    }

    @Override
    public void close() throws Exception {
        for (Catalog c : catalogs.values()) {
            c.close();
        }
    }
}
