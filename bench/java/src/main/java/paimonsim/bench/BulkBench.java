package paimonsim.bench;

import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.BinaryString;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.data.Timestamp;
import org.apache.paimon.options.Options;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.sink.BatchTableCommit;
import org.apache.paimon.table.sink.BatchTableWrite;
import org.apache.paimon.table.sink.BatchWriteBuilder;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataTypes;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Paimon Java side of bench/bulk-vs-java.ts, in one JVM: each repetition writes N rows to a fresh append
 * table in one batch commit and scans them back, then writes N upserts over K keys to a fresh primary-key table
 * (bucket 4, 10 batch commits, compaction as Paimon decides) and reads it. Rows are built before timing. The
 * first repetition is cold (class loading, JIT); the warm figure is the median of the others.
 *
 * <p>Rows (the same values as bench/append-data.ts and bench/pk-upsert.ts): row i has id = i (append) or
 * i % K (upserts), name = 'name-' + (i % 1000), qty = i % 100, price = (i % 10000) / 100, ts = 1.7e12 + i ms.
 * Scans go to InternalRow (paimon-bundle 1.3.1 has no Arrow module) and touch every field.
 *
 * <p>Usage: java -jar paimon-bulk-bench.jar warehouse rows keys reps → one JSON line on stdout.
 */
public final class BulkBench {
    private static final long TS_BASE = 1_700_000_000_000L;
    private static final int COMMITS = 10;
    private static final int BUCKETS = 4;

    private BulkBench() {}

    public static void main(String[] args) throws Exception {
        long mainAtMs = System.currentTimeMillis();
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        String warehouse = args[0];
        int rows = Integer.parseInt(args[1]);
        int keys = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);

        Options options = new Options();
        options.set("warehouse", warehouse);
        options.set("cache-enabled", "false");
        long catalogAt = System.nanoTime();
        Catalog catalog =
                CatalogFactory.createCatalog(
                        CatalogContext.create(options, new org.apache.hadoop.conf.Configuration(false)));
        catalog.createDatabase("bench", true);
        double catalogMs = ms(catalogAt);

        BinaryString[] names = new BinaryString[1000];
        for (int i = 0; i < names.length; i++) names[i] = BinaryString.fromString("name-" + i);
        GenericRow[] appendRows = new GenericRow[rows];
        GenericRow[] upsertRows = new GenericRow[rows];
        for (int i = 0; i < rows; i++) {
            appendRows[i] = row(i, i, names);
            upsertRows[i] = row(i % keys, i, names);
        }

        Map<String, List<Double>> runs = new LinkedHashMap<>();
        for (String op : new String[] {"appendWrite", "appendScan", "pkWrite", "pkRead"}) {
            runs.put(op, new ArrayList<>());
        }
        for (int rep = 0; rep < reps; rep++) {
            Table append = create(catalog, "bench.append_" + rep, false);
            long t0 = System.nanoTime();
            batchCommit(append, appendRows, 0, rows);
            runs.get("appendWrite").add(ms(t0));
            long t1 = System.nanoTime();
            long scanned = scan(append, null);
            runs.get("appendScan").add(ms(t1));
            check(scanned == rows, "append scan gave " + scanned + " rows, expected " + rows);

            Table pk = create(catalog, "bench.pk_" + rep, true);
            long t2 = System.nanoTime();
            for (int c = 0; c < COMMITS; c++) {
                int lo = (int) ((long) c * rows / COMMITS);
                int hi = (int) ((long) (c + 1) * rows / COMMITS);
                batchCommit(pk, upsertRows, lo, hi);
            }
            runs.get("pkWrite").add(ms(t2));
            long t3 = System.nanoTime();
            long read = scan(pk, new long[] {rows, keys});
            runs.get("pkRead").add(ms(t3));
            check(read == Math.min(rows, keys), "pk read gave " + read + " rows");
        }

        StringBuilder out = new StringBuilder();
        out.append("{\"engine\":\"paimon-java\",\"paimon\":\"1.3.1\",\"java\":\"")
                .append(System.getProperty("java.version"))
                .append("\",\"rows\":").append(rows)
                .append(",\"keys\":").append(keys)
                .append(",\"reps\":").append(reps)
                .append(",\"jvmToMainMs\":").append(mainAtMs - jvmStartMs)
                .append(",\"catalogMs\":").append(round(catalogMs))
                .append(",\"peakRssMb\":").append(round(peakRssKb() / 1024.0))
                .append(",\"ops\":{");
        boolean first = true;
        for (Map.Entry<String, List<Double>> e : runs.entrySet()) {
            if (!first) out.append(',');
            first = false;
            List<Double> ms = e.getValue();
            out.append('"').append(e.getKey()).append("\":{\"coldMs\":").append(round(ms.get(0)))
                    .append(",\"warmMedianMs\":").append(round(warmMedian(ms)))
                    .append(",\"runsMs\":[");
            for (int i = 0; i < ms.size(); i++) out.append(i == 0 ? "" : ",").append(round(ms.get(i)));
            out.append("]}");
        }
        out.append("}}");
        System.out.println(out);
        catalog.close();
    }

    private static GenericRow row(long id, int i, BinaryString[] names) {
        return GenericRow.of(
                id,
                names[i % 1000],
                i % 100,
                (i % 10000) / 100.0,
                Timestamp.fromEpochMillis(TS_BASE + i));
    }

    private static Table create(Catalog catalog, String name, boolean primaryKey) throws Exception {
        Schema.Builder schema =
                Schema.newBuilder()
                        .column("id", DataTypes.BIGINT().notNull())
                        .column("name", DataTypes.STRING())
                        .column("qty", DataTypes.INT())
                        .column("price", DataTypes.DOUBLE())
                        .column("ts", DataTypes.TIMESTAMP(3));
        if (primaryKey) {
            schema.primaryKey("id").option("bucket", String.valueOf(BUCKETS));
        }
        Identifier id = Identifier.fromString(name);
        catalog.createTable(id, schema.build(), false);
        return catalog.getTable(id);
    }

    private static void batchCommit(Table table, GenericRow[] rows, int lo, int hi) throws Exception {
        BatchWriteBuilder builder = table.newBatchWriteBuilder();
        try (BatchTableWrite write = builder.newWrite();
                BatchTableCommit commit = builder.newCommit()) {
            for (int i = lo; i < hi; i++) write.write(rows[i]);
            commit.commit(write.prepareCommit());
        }
    }

    /**
     * Reads every row and touches every field; with {@code upserts} = {rows, keys} also checks that each key
     * holds its last version. Returns the number of rows.
     */
    private static long scan(Table table, long[] upserts) throws Exception {
        ReadBuilder builder = table.newReadBuilder();
        long count = 0;
        long checksum = 0;
        try (RecordReader<InternalRow> reader =
                builder.newRead().createReader(builder.newScan().plan())) {
            RecordReader.RecordIterator<InternalRow> batch;
            while ((batch = reader.readBatch()) != null) {
                InternalRow row;
                while ((row = batch.next()) != null) {
                    long id = row.getLong(0);
                    long ts = row.getTimestamp(4, 3).getMillisecond();
                    checksum += id + row.getString(1).getSizeInBytes() + row.getInt(2) + (long) row.getDouble(3) + ts;
                    if (upserts != null) {
                        long n = upserts[0];
                        long keys = upserts[1];
                        long last = id + keys * ((n - 1 - id) / keys);
                        check(ts == TS_BASE + last, "key " + id + " is not its last version");
                    }
                    count++;
                }
                batch.releaseBatch();
            }
        }
        if (checksum == 42) System.err.print(""); // keeps the field reads alive
        return count;
    }

    private static double warmMedian(List<Double> ms) {
        if (ms.size() == 1) return ms.get(0);
        double[] warm = ms.subList(1, ms.size()).stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(warm);
        int mid = warm.length / 2;
        return warm.length % 2 == 1 ? warm[mid] : (warm[mid - 1] + warm[mid]) / 2;
    }

    /** VmHWM of /proc/self/status (Linux), in KB; -1 elsewhere. */
    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalStateException("paimon-java bench check failed: " + message);
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
