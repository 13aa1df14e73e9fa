package paimonsim.flink;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.SerializedThrowable;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.flink.LogicalTypeConversion;
import org.apache.paimon.flink.sink.FlinkSinkBuilder;
import org.apache.paimon.fs.Path;
import org.apache.paimon.operation.LocalOrphanFilesClean;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.options.ExpireConfig;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.schema.SchemaChange;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypeJsonParser;
import org.apache.paimon.types.DecimalType;
import org.apache.paimon.types.RowType;
import org.apache.paimon.utils.ProcedureUtils;

import java.io.DataInputStream;
import java.io.FileInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario (the project's step format, src/sim/scenario/steps.ts) on the real stack and observes the
 * result through Paimon's API. Timing is taken out of the outcome (the comments say where):
 * <ul>
 *   <li>no periodic checkpoints: every checkpoint is triggered explicitly, in the order and number the
 *       simulator completed them in the same step (the request's {@code checkpoints} lists);</li>
 *   <li>the sources are gated: before each checkpoint or savepoint they may emit up to the offsets the
 *       simulator's sources had at that checkpoint, and it is triggered once they stand there
 *       ({@link GatedSource#atGate}), so each checkpoint carries the same events as in the simulator;</li>
 *   <li>after each checkpoint the harness waits until the table is quiet (the committer commits on the
 *       asynchronous notifyCheckpointComplete) before the next action;</li>
 *   <li>a restarting job is awaited until it runs again (all tasks RUNNING) or fails for good.</li>
 * </ul>
 */
final class ScenarioRun {
    /** Periodic checkpoints effectively off: interval and min pause of one day. Flink's first periodic trigger
     * comes after a random delay in [minPause, interval] (CheckpointCoordinator.getRandomInitDelay), so both are
     * set; a manual (non-periodic) trigger is not held back by the min pause (CheckpointRequestDecider). */
    private static final long NO_PERIODIC_MS = TimeUnit.DAYS.toMillis(1);
    /** After the awaited commit: how long the table must show no new snapshot (a COMPACT one may follow). */
    private static final long QUIET_MS = 300;
    /** A checkpoint whose notification commits nothing: how long to see no snapshot before going on. The
     * first commits of a fresh JVM take ~1 s (class loading), so this is well above that. */
    private static final long NO_COMMIT_MS = 2500;
    /** The same wait when the simulator's checkpoint committed nothing either (the JVM is warm by then). */
    private static final long IDLE_NO_COMMIT_MS = 600;
    /** Checkpoint timeout of jobs in scenarios where a checkpoint must fail (see failCheckpoint). */
    private static final long CHECKPOINT_TIMEOUT_MS = 2_000;
    private static final long WAIT_MS = 120_000;

    private final MiniCluster cluster;
    private final JsonNode spec;
    private final String runKey;
    private final Catalog catalog;
    private final Identifier tableId;
    private final RowType rowType;
    private final Map<String, JobID> jobs = new LinkedHashMap<>();
    private final Map<String, String> jobTopics = new HashMap<>();
    private final Map<String, String> savepoints = new HashMap<>();
    private final Map<String, Long> savepointIds = new HashMap<>();
    private final Map<String, Long> seenFailure = new HashMap<>();
    private final ArrayNode failures = Harness.JSON.createArrayNode();
    private final ArrayNode stepOutcomes = Harness.JSON.createArrayNode();
    /** Each triggered checkpoint: the simulator's id and Flink's (they must agree). */
    private final ArrayNode checkpointIds = Harness.JSON.createArrayNode();
    private final java.nio.file.Path savepointDir;

    ScenarioRun(MiniCluster cluster, JsonNode spec) throws Exception {
        this.cluster = cluster;
        this.spec = spec;
        this.runKey = spec.path("name").asText() + "-" + System.nanoTime();
        String warehouse = spec.path("warehouse").asText();
        this.savepointDir = java.nio.file.Path.of(warehouse, "_savepoints");
        Files.createDirectories(savepointDir);
        this.catalog = CatalogFactory.createCatalog(CatalogContext.create(new Path(warehouse)));
        JsonNode t = spec.path("table");
        this.tableId = Identifier.create(t.path("database").asText(), t.path("name").asText());
        Schema.Builder schema = Schema.newBuilder();
        for (JsonNode f : t.path("fields")) schema.column(f.path("name").asText(), DataTypeJsonParser.parseAtomicTypeSQLString(f.path("type").asText()));
        List<String> pks = new ArrayList<>();
        t.path("primaryKeys").forEach(k -> pks.add(k.asText()));
        if (!pks.isEmpty()) schema.primaryKey(pks);
        t.path("options").fields().forEachRemaining(e -> schema.option(e.getKey(), e.getValue().asText()));
        catalog.createDatabase(tableId.getDatabaseName(), true);
        catalog.createTable(tableId, schema.build(), false);
        this.rowType = table().rowType();
    }

    private FileStoreTable table() throws Exception {
        return (FileStoreTable) catalog.getTable(tableId);
    }

    ObjectNode run() throws Exception {
        long t0 = System.nanoTime();
        JsonNode steps = spec.path("steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            long s0 = System.nanoTime();
            String outcome;
            String expectError = step.hasNonNull("expectError") ? step.get("expectError").asText() : null;
            try {
                outcome = step(step);
                if (expectError != null) outcome = "succeeded, but expectError was not met (" + outcome + ")";
            } catch (StepRefused e) {
                throw e;
            } catch (Exception e) {
                String message = rootMessage(e);
                if (expectError == null || !message.contains(expectError)) throw new IllegalStateException("step " + i + " (" + step.path("op").asText() + ") failed: " + message, e);
                outcome = "failed as expected: " + message;
                ObjectNode f = failures.addObject();
                f.put("source", "step " + i + " (" + step.path("op").asText() + ")");
                f.put("text", message);
            }
            // the checkpoints the simulator completed during this step (for `run` steps: all it did)
            runCheckpoints(step.path("checkpoints"));
            ObjectNode o = stepOutcomes.addObject();
            o.put("index", i);
            o.put("op", step.path("op").asText());
            o.put("outcome", outcome);
            o.put("ms", (System.nanoTime() - s0) / 1_000_000);
        }
        // the simulator's healed phase: the checkpoints it completed after the last step
        long h0 = System.nanoTime();
        runCheckpoints(spec.path("healed"));
        long healedMs = (System.nanoTime() - h0) / 1_000_000;
        ObjectNode result = observe();
        result.put("healedMs", healedMs);
        result.put("totalMs", (System.nanoTime() - t0) / 1_000_000);
        for (JobID id : jobs.values()) {
            if (!status(id).isGloballyTerminalState()) cluster.cancelJob(id).get();
        }
        for (String topic : jobTopics.values()) GatedSource.TOPICS.remove(topic);
        for (String name : jobs.keySet()) GatedSource.STALL.remove(runKey + "/" + name);
        for (String name : jobs.keySet()) {
            GatedSource.POSITIONS.remove(runKey + "/" + name);
            GatedSource.GATES.remove(runKey + "/" + name);
        }
        catalog.close();
        return result;
    }

    /** A step the harness does not support: never silently skipped. */
    static final class StepRefused extends RuntimeException {
        StepRefused(String message) {
            super(message);
        }
    }

    private String step(JsonNode s) throws Exception {
        String op = s.path("op").asText();
        switch (op) {
            case "publish": {
                String topic = topicKey(s.path("topic").asText("main"));
                List<List<RowData>> parts = GatedSource.topic(topic, spec.path("pipeline").path("partitions").asInt(2));
                for (JsonNode e : s.path("events")) parts.get(e.path("partition").asInt()).add(toRowData(e.path("values")));
                return s.path("events").size() + " events published";
            }
            case "start":
                return start(s);
            case "run":
                return "checkpoints " + s.path("checkpoints");
            case "checkpoint":
                return "checkpoint " + checkpoint(s.path("job").asText());
            case "savepoint": {
                String job = s.path("job").asText();
                // checkpoints the simulator completed in this step before the savepoint (periodic ones already pending)
                runCheckpoints(s.path("checkpointsBefore"));
                raiseGate(job, s.path("offsets"));
                awaitReady(job);
                String path = cluster.triggerSavepoint(jobs.get(job), savepointDir.toString(), false, SavepointFormatType.CANONICAL).get(WAIT_MS, TimeUnit.MILLISECONDS);
                long id = remember(s.path("name").asText(), path);
                return "savepoint " + id;
            }
            case "stop-with-savepoint": {
                String job = s.path("job").asText();
                runCheckpoints(s.path("checkpointsBefore"));
                raiseGate(job, s.path("offsets"));
                awaitReady(job);
                boolean drain = s.path("drain").asBoolean(false);
                Long before = latestSnapshotId();
                String path = cluster.stopWithSavepoint(jobs.get(job), savepointDir.toString(), drain, SavepointFormatType.CANONICAL).get(WAIT_MS, TimeUnit.MILLISECONDS);
                long id = remember(s.path("name").asText(), path);
                JobStatus st = awaitTerminal(job);
                // a stop-with-savepoint is notified: it commits (identifier Long.MAX_VALUE with drain) before the job ends
                awaitCommit(before, drain ? Long.MAX_VALUE : id);
                return "savepoint " + id + "; job " + st;
            }
            case "cancel": {
                String job = s.path("job").asText();
                if (!status(jobs.get(job)).isGloballyTerminalState()) cluster.cancelJob(jobs.get(job)).get();
                return "job " + awaitTerminal(job);
            }
            case "rollback-to": {
                FileStoreTable table = table();
                if (s.has("savepointTag")) {
                    String tag = "savepoint-" + savepointIds.get(s.path("savepointTag").asText());
                    table.rollbackTo(tag); // what CALL sys.rollback_to(tag => ...) runs (RollbackToProcedure)
                    return "rollback_to tag " + tag;
                }
                if (s.has("tag")) {
                    table.rollbackTo(s.path("tag").asText());
                    return "rollback_to tag " + s.path("tag").asText();
                }
                table.rollbackTo(s.path("snapshot").asLong());
                return "rollback_to snapshot " + s.path("snapshot").asLong();
            }
            case "create-tag": {
                FileStoreTable table = table();
                if (s.has("snapshot")) table.createTag(s.path("name").asText(), s.path("snapshot").asLong());
                else table.createTag(s.path("name").asText());
                return "tag " + s.path("name").asText();
            }
            case "remove-orphan-files": {
                if (s.has("olderThanMs")) throw new StepRefused("remove-orphan-files with olderThanMs is not supported by the Flink harness");
                // no age given: every orphan, as in the simulator (the procedure's default is one day)
                long olderThan = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(1);
                var result = new LocalOrphanFilesClean(table(), olderThan, false).clean();
                return "removed " + result.getDeletedFileCount() + " orphan files";
            }
            case "delete-tag": {
                String tag = s.has("savepointTag") ? "savepoint-" + savepointIds.get(s.path("savepointTag").asText()) : s.path("name").asText();
                table().deleteTags(tag); // what CALL sys.delete_tag(`table`, tag) runs (DeleteTagProcedure)
                return "tag " + tag + " deleted";
            }
            case "set-option": {
                // ALTER TABLE ... SET ('key' = 'value'): a schema change through the catalog
                catalog.alterTable(tableId, SchemaChange.setOption(s.path("key").asText(), s.path("value").asText()), false);
                return s.path("key").asText() + " = " + s.path("value").asText();
            }
            case "expire-snapshots": {
                // the simulator's olderThanMs is an age in virtual time: no wall-clock equivalent
                if (s.has("olderThanMs")) throw new StepRefused("expire-snapshots with olderThanMs is not supported by the Flink harness");
                // CALL sys.expire_snapshots(`table`, retain_max, retain_min) (ExpireSnapshotsProcedure, Paimon 1.3.1):
                // the table's snapshot options, overridden by the arguments given
                FileStoreTable table = table();
                Integer retainMax = s.has("retainMax") ? s.path("retainMax").asInt() : null;
                Integer retainMin = s.has("retainMin") ? s.path("retainMin").asInt() : null;
                ExpireConfig config = ProcedureUtils.fillInSnapshotOptions(table.store().options(), retainMax, retainMin, null, null).build();
                return "expired " + table.newExpireSnapshots().config(config).expire() + " snapshots";
            }
            case "expire-tags": {
                // CALL sys.expire_tags(`table`) (ExpireTagsProcedure, Paimon 1.3.1): tags past their time retained
                FileStoreTable table = table();
                List<String> expired = table.store().newTagAutoManager(table).getTagTimeExpire().expire();
                return expired.isEmpty() ? "no tag expired" : "expired tags " + expired;
            }
            default:
                throw new StepRefused("step op '" + op + "' is not supported by the Flink harness (supported: publish, start, run, checkpoint, savepoint, stop-with-savepoint, cancel, rollback-to, create-tag, delete-tag, set-option, expire-snapshots, expire-tags, remove-orphan-files)");
        }
    }

    private String topicKey(String topic) {
        return runKey + "/" + topic;
    }

    private long remember(String name, String path) throws Exception {
        savepoints.put(name, path);
        String pointer = path.startsWith("file:") ? new java.net.URI(path).getPath() : path;
        try (DataInputStream in = new DataInputStream(new FileInputStream(pointer + "/_metadata"))) {
            long id = Checkpoints.loadCheckpointMetadata(in, getClass().getClassLoader(), path).getCheckpointId();
            savepointIds.put(name, id);
            return id;
        }
    }

    private String start(JsonNode s) throws Exception {
        String name = s.path("job").asText();
        if (s.has("restore") && !s.path("restore").has("savepoint"))
            throw new StepRefused("start.restore " + s.path("restore") + " is not supported by the Flink harness (only {savepoint})");
        JsonNode p = spec.path("pipeline");
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, p.path("restarts").asInt(3));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(p.path("parallelism").asInt(2));
        env.enableCheckpointing(NO_PERIODIC_MS, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(NO_PERIODIC_MS);
        env.getCheckpointConfig().setTolerableCheckpointFailureNumber(p.path("tolerableFailedCheckpoints").asInt(0));
        if (failsCheckpoints()) env.getCheckpointConfig().setCheckpointTimeout(CHECKPOINT_TIMEOUT_MS);
        String topic = topicKey(s.path("topic").asText("main"));
        GatedSource.topic(topic, p.path("partitions").asInt(2));
        jobTopics.put(name, topic);
        DataStream<RowData> stream = env
                .addSource(new GatedSource(topic, runKey + "/" + name), "source", InternalTypeInfo.of(LogicalTypeConversion.toLogicalType(rowType)))
                .uid("source");
        new FlinkSinkBuilder(table()).forRowData(stream).build();
        JobGraph graph = env.getStreamGraph().getJobGraph();
        if (s.has("restore")) {
            String path = savepoints.get(s.path("restore").path("savepoint").asText());
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path, s.path("allowNonRestoredState").asBoolean(false)));
        }
        JobID id = cluster.submitJob(graph).get().getJobID();
        jobs.put(name, id);
        return "job " + name + " = " + id;
    }

    /** Whether some checkpoint of the scenario must fail (then jobs get a short checkpoint timeout). */
    private boolean failsCheckpoints() {
        for (JsonNode step : spec.path("steps")) for (JsonNode c : step.path("checkpoints")) if (c.has("fails")) return true;
        for (JsonNode c : spec.path("healed")) if (c.has("fails")) return true;
        return false;
    }

    /** Opens the job's source up to the simulator's offsets at that checkpoint or savepoint. */
    private void raiseGate(String job, JsonNode offsets) {
        Map<Integer, Long> gate = GatedSource.GATES.computeIfAbsent(runKey + "/" + job, k -> new java.util.concurrent.ConcurrentHashMap<>());
        offsets.fields().forEachRemaining(e -> gate.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
    }

    private void runCheckpoints(JsonNode list) throws Exception {
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String job = c.path("job").asText();
            if (c.has("fails")) {
                failCheckpoint(job, c.path("id").asLong());
                continue;
            }
            raiseGate(job, c.path("offsets"));
            // a run of checkpoints that committed nothing in the simulator (a healed phase of an idle or stuck
            // job has hundreds): only the last one waits for the table to stay quiet; a commit the simulator
            // did not make still lands before the observation and shows as a difference
            boolean commits = c.path("commits").asBoolean(true);
            JsonNode next = i + 1 < list.size() ? list.get(i + 1) : null;
            boolean idleRun = !commits && next != null && !next.has("fails") && !next.path("commits").asBoolean(true);
            String id = idleRun ? triggerOnly(job) : checkpoint(job, commits);
            ObjectNode o = checkpointIds.addObject();
            o.put("job", job);
            o.put("sim", c.path("id").asLong());
            o.put("flink", id);
        }
        // a run step ends when restarts have settled (a job failing for good reaches FAILED here)
        for (String job : jobs.keySet()) if (!status(jobs.get(job)).isGloballyTerminalState()) awaitReady(job);
    }

    private String checkpoint(String job) throws Exception {
        return checkpoint(job, true);
    }

    /** Triggers a checkpoint and awaits its commit ({@code commits}: whether the simulator's committed). */
    private String checkpoint(String job, boolean commits) throws Exception {
        if (!awaitReady(job)) return "job " + job + " " + status(jobs.get(job)) + ": no checkpoint";
        Long before = latestSnapshotId();
        long id = cluster.triggerCheckpoint(jobs.get(job), CheckpointType.DEFAULT).get(WAIT_MS, TimeUnit.MILLISECONDS);
        awaitCommit(before, id, commits ? NO_COMMIT_MS : IDLE_NO_COMMIT_MS);
        return String.valueOf(id);
    }

    /** Triggers a checkpoint and returns when it completed, without waiting for its notification's commit. */
    private String triggerOnly(String job) throws Exception {
        if (!awaitReady(job)) return "job " + job + " " + status(jobs.get(job)) + ": no checkpoint";
        return String.valueOf(cluster.triggerCheckpoint(jobs.get(job), CheckpointType.DEFAULT).get(WAIT_MS, TimeUnit.MILLISECONDS));
    }

    /**
     * A checkpoint the simulator's task declined (fault {@code coordinator.decline}). Flink offers user code no
     * way to decline without failing the task (an exception in snapshotState fails it), so the source holds
     * its snapshot up past the job's checkpoint timeout: the checkpoint expires. Either way Flink aborts it,
     * counts it against {@code execution.checkpointing.tolerable-failed-checkpoints}
     * (CheckpointFailureManager) and tells every task (notifyCheckpointAborted), which is what the scenarios
     * rely on (AutoTagForSavepointCommitterOperator deletes {@code savepoint-<id>}).
     */
    private String failCheckpoint(String job, long simId) throws Exception {
        if (!awaitReady(job)) return "job " + job + " " + status(jobs.get(job)) + ": no checkpoint";
        String key = runKey + "/" + job;
        GatedSource.STALL.computeIfAbsent(key, k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(simId);
        String outcome;
        try {
            long id = cluster.triggerCheckpoint(jobs.get(job), CheckpointType.DEFAULT).get(WAIT_MS, TimeUnit.MILLISECONDS);
            outcome = "checkpoint " + id + " completed";
        } catch (java.util.concurrent.ExecutionException e) {
            outcome = "failed: " + rootMessage(e);
        }
        // the stalled snapshot returns, then the abort notifications run (the committer's tag deletion)
        Thread.sleep(GatedSource.STALL_MS - CHECKPOINT_TIMEOUT_MS + QUIET_MS);
        GatedSource.STALL.get(key).remove(simId);
        return outcome;
    }

    /** Waits until the job runs with every task RUNNING and its sources at their gates (true), or ended (false). */
    private boolean awaitReady(String job) throws Exception {
        JobID id = jobs.get(job);
        long end = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < end) {
            AccessExecutionGraph g = cluster.getExecutionGraph(id).get();
            noteFailure(job, g);
            JobStatus st = g.getState();
            if (st.isGloballyTerminalState()) {
                noteFinalCause(job, id, st);
                return false;
            }
            if (st == JobStatus.RUNNING && allRunning(g) && GatedSource.atGate(runKey + "/" + job)) return true;
            Thread.sleep(5);
        }
        throw new IllegalStateException("job " + job + " neither ran nor ended within " + WAIT_MS + " ms");
    }

    private JobStatus awaitTerminal(String job) throws Exception {
        JobID id = jobs.get(job);
        JobStatus st = cluster.requestJobResult(id).get(WAIT_MS, TimeUnit.MILLISECONDS) != null ? status(id) : null;
        noteFinalCause(job, id, st);
        return st;
    }

    private static boolean allRunning(AccessExecutionGraph g) {
        for (AccessExecutionVertex v : g.getAllExecutionVertices()) if (v.getExecutionState() != ExecutionState.RUNNING) return false;
        return true;
    }

    private JobStatus status(JobID id) throws Exception {
        return cluster.getJobStatus(id).get();
    }

    /** Records each new root failure of the job (Flink's latest exception; polled while the harness waits). */
    private void noteFailure(String job, AccessExecutionGraph g) {
        ErrorInfo info = g.getFailureInfo();
        if (info == null || seenFailure.getOrDefault(job, -1L) == info.getTimestamp()) return;
        seenFailure.put(job, info.getTimestamp());
        ObjectNode f = failures.addObject();
        f.put("source", "job " + job);
        f.put("text", rootMessage(info.getException()));
    }

    private void noteFinalCause(String job, JobID id, JobStatus st) throws Exception {
        if (st != JobStatus.FAILED) return;
        noteFailure(job, cluster.getExecutionGraph(id).get());
    }

    /**
     * Waits for the commit that the notification of checkpoint {@code id} triggers (Paimon commits in
     * notifyCheckpointComplete, after the checkpoint future completed): until a snapshot newer than
     * {@code before} carries identifier {@code id} (committables up to id are committed in ascending order, so
     * the last one has id), then until the table is quiet for QUIET_MS (a COMPACT snapshot may follow). A
     * checkpoint that commits nothing (idle writers are closed, AbstractFileStoreWrite.prepareCommit) makes no
     * snapshot: then the wait ends after NO_COMMIT_MS without one.
     */
    private void awaitCommit(Long before, long id) throws Exception {
        awaitCommit(before, id, NO_COMMIT_MS);
    }

    private void awaitCommit(Long before, long id, long noCommitMs) throws Exception {
        long start = System.currentTimeMillis();
        long end = start + WAIT_MS;
        Long seen = before;
        long since = start;
        boolean committed = false;
        while (System.currentTimeMillis() < end) {
            Long latest = latestSnapshotId();
            if (!java.util.Objects.equals(latest, seen)) {
                for (long s = seen == null ? 1 : seen + 1; latest != null && s <= latest; s++) {
                    if (table().snapshotManager().snapshotExists(s) && table().snapshotManager().snapshot(s).commitIdentifier() == id) committed = true;
                }
                seen = latest;
                since = System.currentTimeMillis();
            }
            long quiet = System.currentTimeMillis() - since;
            if (committed && quiet >= QUIET_MS) return;
            if (!committed && quiet >= noCommitMs) return;
            Thread.sleep(20);
        }
    }

    private Long latestSnapshotId() throws Exception {
        return table().snapshotManager().latestSnapshotId();
    }

    /**
     * The message a user reads: of the outermost exception in the cause chain that is not Flink's own wrapper
     * (JobExecutionException "Recovery is suppressed by …" and the like), i.e. what Paimon threw. Flink's
     * SerializedThrowable prefixes the original class name ("java.lang.RuntimeException: …"): dropped.
     */
    static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String cls = t instanceof SerializedThrowable st ? st.getOriginalErrorClassName() : t.getClass().getName();
            if (cls.startsWith("org.apache.flink.") || t.getMessage() == null) continue;
            String m = t.getMessage();
            return m.startsWith(cls + ": ") ? m.substring(cls.length() + 2) : m;
        }
        return String.valueOf(e.getMessage());
    }

    private RowData toRowData(JsonNode values) {
        GenericRowData row = new GenericRowData(rowType.getFieldCount());
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            JsonNode v = values.get(i);
            if (v == null || v.isNull()) continue;
            DataType type = rowType.getTypeAt(i);
            String text = v.asText();
            switch (type.getTypeRoot()) {
                case BIGINT -> row.setField(i, Long.parseLong(text));
                case INTEGER -> row.setField(i, Integer.parseInt(text));
                case DECIMAL -> {
                    DecimalType d = (DecimalType) type;
                    row.setField(i, DecimalData.fromBigDecimal(new BigDecimal(text), d.getPrecision(), d.getScale()));
                }
                case VARCHAR, CHAR -> row.setField(i, StringData.fromString(text));
                default -> throw new StepRefused("column type " + type + " is not supported by the Flink harness's source");
            }
        }
        return row;
    }

    private ObjectNode observe() throws Exception {
        ObjectNode r = Harness.JSON.createObjectNode();
        r.set("rows", read(table()));
        r.set("snapshots", read(catalog.getTable(Identifier.fromString(tableId.getFullName() + "$snapshots"))));
        r.set("tags", read(catalog.getTable(Identifier.fromString(tableId.getFullName() + "$tags"))));
        ArrayNode jobList = r.putArray("jobs");
        for (Map.Entry<String, JobID> e : jobs.entrySet()) {
            ObjectNode j = jobList.addObject();
            j.put("name", e.getKey());
            JobStatus st = status(e.getValue());
            j.put("status", st.toString());
            if (st == JobStatus.FAILED) {
                SerializedThrowable cause = cluster.requestJobResult(e.getValue()).get().getSerializedThrowable().orElse(null);
                if (cause != null) j.put("cause", rootMessage(cause));
            }
        }
        r.set("failures", failures);
        r.set("steps", stepOutcomes);
        r.set("checkpointIds", checkpointIds);
        return r;
    }

    /** Every row of a table (data or system), each field as text (null stays null). */
    private static ArrayNode read(Table table) throws Exception {
        ArrayNode out = Harness.JSON.createArrayNode();
        ReadBuilder rb = table.newReadBuilder();
        List<DataField> fields = table.rowType().getFields();
        InternalRow.FieldGetter[] getters = new InternalRow.FieldGetter[fields.size()];
        for (int i = 0; i < getters.length; i++) getters[i] = InternalRow.createFieldGetter(fields.get(i).type(), i);
        try (RecordReader<InternalRow> reader = rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(row -> {
                ObjectNode o = out.addObject();
                for (int i = 0; i < getters.length; i++) {
                    Object v = getters[i].getFieldOrNull(row);
                    if (v == null) o.putNull(fields.get(i).name());
                    else o.put(fields.get(i).name(), v.toString());
                }
            });
        }
        return out;
    }

}
