package paimonsim.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The Flink differential harness: one JVM, one MiniCluster (started once), one scenario per request line on
 * stdin (`{"id":1,"cmd":"run","scenario":{...}}`, built by test/interop/flink-harness.ts), one JSON answer
 * line on stdout. `{"cmd":"hello"}` answers when the cluster is up (the test reports start-up separately).
 */
public final class Harness {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        // stdout carries the protocol only: everything else goes to stderr
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);
        long t0 = System.nanoTime();
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConfig())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(8)
                .build());
        cluster.start();
        long startedMs = (System.nanoTime() - t0) / 1_000_000;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode req = JSON.readTree(line);
            ObjectNode answer = JSON.createObjectNode();
            answer.put("id", req.path("id").asLong());
            try {
                String cmd = req.path("cmd").asText();
                switch (cmd) {
                    case "hello" -> {
                        ObjectNode r = answer.putObject("result");
                        r.put("clusterStartMs", startedMs);
                    }
                    case "run" -> answer.set("result", new ScenarioRun(cluster, req.path("scenario")).run());
                    case "quit" -> {
                        cluster.close();
                        answer.put("ok", true);
                        out.println(JSON.writeValueAsString(answer));
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command '" + cmd + "': expected hello, run or quit");
                }
                answer.put("ok", true);
            } catch (Throwable e) {
                answer.put("ok", false);
                answer.put("error", String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage()));
                java.io.StringWriter w = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(w));
                answer.put("trace", w.toString());
            }
            out.println(JSON.writeValueAsString(answer));
        }
        cluster.close();
    }

    private static Configuration clusterConfig() {
        Configuration c = new Configuration();
        // a small machine: modest memory, no web UI on a fixed port
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        c.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("32m"));
        c.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("32m"));
        c.set(RestOptions.BIND_PORT, "0");
        return c;
    }
}
