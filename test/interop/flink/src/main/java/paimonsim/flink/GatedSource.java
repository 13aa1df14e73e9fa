package paimonsim.flink;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;
import org.apache.flink.table.data.RowData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic source over an in-JVM log topic (the MiniCluster runs in this JVM): it emits exactly the
 * events the scenario published and keeps its read offsets in Flink union list state, each subtask reading
 * partitions p with p % parallelism == subtask (as paimon-sim's LogSource does), so a restored job resumes at the
 * savepoint's offsets like a Kafka source. A gate per job caps the offset of each partition: the harness
 * raises it to the offsets the simulator's source had at a checkpoint, waits until the source stands exactly
 * there ({@link #atGate}) and only then triggers the checkpoint, so each checkpoint holds the same events as in
 * the simulator, whatever the thread timing.
 */
public final class GatedSource extends RichParallelSourceFunction<RowData> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** topic key -> partitions -> events (as the sink's RowData). */
    static final Map<String, List<List<RowData>>> TOPICS = new ConcurrentHashMap<>();
    /** job key -> partition -> next offset: what the running attempt of each job has emitted. */
    static final Map<String, Map<Integer, Long>> POSITIONS = new ConcurrentHashMap<>();
    /** job key -> partition -> offset the source may not pass (no entry: the partition is closed). */
    static final Map<String, Map<Integer, Long>> GATES = new ConcurrentHashMap<>();

    /**
     * job key -> checkpoint ids whose snapshot the source holds up for {@link #STALL_MS}, so that the checkpoint
     * expires (a checkpoint the simulator's task declined; see ScenarioRun#failCheckpoint).
     */
    static final Map<String, java.util.Set<Long>> STALL = new ConcurrentHashMap<>();
    static final long STALL_MS = 3_000;

    private final String topic;
    private final String jobKey;
    private transient ListState<Tuple2<Integer, Long>> state;
    private transient Map<Integer, Long> offsets;
    private volatile boolean running = true;

    GatedSource(String topic, String jobKey) {
        this.topic = topic;
        this.jobKey = jobKey;
    }

    static List<List<RowData>> topic(String key, int partitions) {
        return TOPICS.computeIfAbsent(key, k -> {
            List<List<RowData>> parts = new ArrayList<>();
            for (int p = 0; p < partitions; p++) parts.add(new java.util.concurrent.CopyOnWriteArrayList<>());
            return parts;
        });
    }

    /** True when the job's current attempt stands at its gate on every gated partition. */
    static boolean atGate(String jobKey) {
        Map<Integer, Long> gate = GATES.getOrDefault(jobKey, Map.of());
        Map<Integer, Long> pos = POSITIONS.get(jobKey);
        if (pos == null) return false;
        for (Map.Entry<Integer, Long> g : gate.entrySet()) {
            Long at = pos.get(g.getKey());
            if (at == null || at < g.getValue()) return false;
        }
        return true;
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        state = ctx.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("topic-partition-offsets", Types.TUPLE(Types.INT, Types.LONG)));
        Map<Integer, Long> restored = new HashMap<>();
        if (ctx.isRestored()) for (Tuple2<Integer, Long> e : state.get()) restored.put(e.f0, e.f1);
        offsets = new ConcurrentHashMap<>();
        int n = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        int me = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        for (int p = 0; p < TOPICS.get(topic).size(); p++) if (p % n == me) offsets.put(p, restored.getOrDefault(p, 0L));
        Map<Integer, Long> pos = POSITIONS.computeIfAbsent(jobKey, k -> new ConcurrentHashMap<>());
        pos.putAll(offsets);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        if (STALL.getOrDefault(jobKey, java.util.Set.of()).contains(ctx.getCheckpointId())) Thread.sleep(STALL_MS);
        state.clear();
        for (Map.Entry<Integer, Long> e : offsets.entrySet()) state.add(Tuple2.of(e.getKey(), e.getValue()));
    }

    @Override
    public void run(SourceContext<RowData> ctx) throws Exception {
        List<List<RowData>> parts = TOPICS.get(topic);
        Map<Integer, Long> pos = POSITIONS.get(jobKey);
        Map<Integer, Long> gate = GATES.computeIfAbsent(jobKey, k -> new ConcurrentHashMap<>());
        while (running) {
            boolean emitted = false;
            for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
                List<RowData> part = parts.get(e.getKey());
                long at = e.getValue();
                if (at < Math.min(part.size(), gate.getOrDefault(e.getKey(), 0L))) {
                    // emit and advance under the checkpoint lock: a barrier sees both or neither
                    synchronized (ctx.getCheckpointLock()) {
                        ctx.collect(part.get((int) at));
                        e.setValue(at + 1);
                        pos.put(e.getKey(), at + 1);
                    }
                    emitted = true;
                }
            }
            if (!emitted) Thread.sleep(1);
        }
    }

    @Override
    public void cancel() {
        running = false;
    }
}
