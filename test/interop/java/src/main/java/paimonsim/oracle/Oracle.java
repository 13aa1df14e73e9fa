package paimonsim.oracle;

import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.paimon.shade.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The Paimon Java oracle of the interop suite: a long-lived process (the JVM starts once per test file) that
 * reads one JSON request per line on stdin — {"id": n, "cmd": "...", ...} — and answers each with one JSON line
 * on stdout: {"id": n, "ok": true, "result": ...} or {"id": n, "ok": false, "error": "...", "trace": "..."}.
 * Everything else Paimon, Hadoop or SLF4J print goes to stderr. The commands are in {@link Commands}.
 *
 * <p>JSON goes through the Jackson that paimon-bundle shades (Paimon's own DataTypeJsonParser reads type JSON
 * with it), so the oracle needs no dependency besides Paimon and the Hadoop client.
 */
public final class Oracle {
    private Oracle() {}

    public static void main(String[] args) throws Exception {
        PrintStream out =
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // keep stdout for answers only
        ObjectMapper mapper = new ObjectMapper();
        Commands commands = new Commands();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode answer = mapper.createObjectNode();
            try {
                JsonNode request = mapper.readTree(line);
                answer.set("id", request.get("id"));
                if ("exit".equals(request.path("cmd").asText())) {
                    answer.put("ok", true);
                    out.println(mapper.writeValueAsString(answer));
                    break;
                }
                answer.set("result", commands.run(request));
                answer.put("ok", true);
            } catch (Throwable e) {
                answer.put("ok", false);
                answer.put("error", describe(e));
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                answer.put("trace", trace.toString());
            }
            out.println(mapper.writeValueAsString(answer));
        }
        commands.close();
        out.flush();
        System.exit(0); // Paimon may leave non-daemon executor threads behind
    }

    /** The exception and its causes, `Class: message` each, joined by " <- caused by ". */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- caused by ");
            }
            text.append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
