package io.modelhouse.testsupport;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmarks' load generator: wrk (Debian's package) with a Lua script, and how its figures
 * are read and printed. Figures are cut, never rounded up.
 */
public final class Wrk {

    private Wrk() {
    }

    /** Fails with what to do when wrk is not installed. */
    public static void require() {
        if (Stream.of(System.getenv("PATH").split(":")).noneMatch(d -> Files.isExecutable(Path.of(d, "wrk")))) {
            throw new IllegalStateException("The benchmark drives its load with wrk, which is not on the PATH:"
                    + " run it through its deploy/bench/*.sh script (which installs it), or apt-get install -y wrk");
        }
    }

    /** The end of every script: counts of answers by status (kept per wrk thread, summed), requests, errors, p50/p95/p99. */
    public static final String DONE = """
            local threads = {}
            setup = function(thread)
              table.insert(threads, thread)
            end
            statuses = {}
            response = function(status, headers, body)
              statuses[status] = (statuses[status] or 0) + 1
            end
            done = function(summary, latency, requests)
              local sums = {}
              for _, t in ipairs(threads) do
                local s = t:get("statuses")
                if s then
                  for k, v in pairs(s) do sums[k] = (sums[k] or 0) + v end
                end
              end
              for k, v in pairs(sums) do
                io.write(string.format("s%d=%d\\n", k, v))
              end
              io.write(string.format("requests=%d\\n", summary.requests))
              io.write(string.format("errors=%d\\n", summary.errors.status + summary.errors.connect + summary.errors.read
                + summary.errors.write + summary.errors.timeout))
              for _, p in pairs({50, 95, 99}) do
                io.write(string.format("p%d=%d\\n", p, latency:percentile(p)))
              end
            end
            """;

    public static Path script(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    public static List<String> cmd(int threads, int connections, int seconds, Path script, String url) {
        return List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "-s",
                script.toString(), url);
    }

    public static Process run(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** The key=value lines of a finished wrk's done(); latencies in microseconds. */
    public static Map<String, Double> figures(Process wrk) throws Exception {
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Map<String, Double> f = new LinkedHashMap<>();
        for (String l : out.split("\n")) {
            int eq = l.indexOf('=');
            if (eq > 0 && l.substring(0, eq).matches("[a-z0-9]+")) {
                f.put(l.substring(0, eq), Double.parseDouble(l.substring(eq + 1).trim()));
            }
        }
        if (!f.containsKey("p99")) {
            throw new IllegalStateException("wrk gave no figures:\n" + out);
        }
        System.out.println("[bench] wrk: " + f);
        return f;
    }

    /** Two decimals, cut (never rounded up); verdicts beside a figure use the exact value. */
    public static String down(double x) {
        return new BigDecimal(x).setScale(2, RoundingMode.DOWN).toPlainString();
    }

    public static String ms(double micros) {
        return down(micros / 1000.0);
    }

    public static String percent(double x) {
        return (x >= 0 ? "+" : "") + down(x * 100) + " %";
    }
}
