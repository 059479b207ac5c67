package io.modelhouse.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the suite's real PostgreSQL and Keycloak once per run with the same script
 * {@code deploy/local/run.sh} uses ({@code deploy/local/stack.sh}), on ports of their own so a
 * running local instance is not disturbed, with fresh data every run. Unpacked binaries are cached
 * beside the local runtime's so a second run does not unpack them again.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    public static final int DB_PORT = Integer.getInteger("modelhouse.test.db-port", 25432);
    public static final int KEYCLOAK_PORT = Integer.getInteger("modelhouse.test.keycloak-port", 28180);
    public static final String KEYCLOAK_URL = "http://127.0.0.1:" + KEYCLOAK_PORT;

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path HOME = ROOT.resolve("target/test-stack");

    private static boolean startedForJvm;

    /**
     * For tests that run the packaged app themselves (*IT): one stack for the whole JVM, stopped
     * when the JVM ends.
     */
    public static synchronized void startOnce() {
        if (!startedForJvm) {
            LocalStackResource stack = new LocalStackResource();
            stack.start();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop));
            startedForJvm = true;
        }
    }

    @Override
    public Map<String, String> start() {
        run("start", "--fresh");
        return Map.of(
                "modelhouse.db.port", String.valueOf(DB_PORT),
                "modelhouse.keycloak.url", KEYCLOAK_URL);
    }

    @Override
    public void stop() {
        run("stop");
    }

    /**
     * A connection as the owner of the schema (the migrations' role), which row-level security does
     * not fence: for tests that look across tenants or at the catalog.
     */
    public static java.sql.Connection ownerConnection() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + DB_PORT + "/modelhouse",
                "modelhouse_owner",
                "modelhouse-owner");
    }

    private static void run(String... args) {
        try {
            Files.createDirectories(HOME);
            File log = HOME.resolve("stack.log").toFile();
            List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/local/stack.sh").toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            pb.environment().put("MODELHOUSE_HOME", HOME.toString());
            pb.environment().putIfAbsent("MODELHOUSE_CACHE",
                    Path.of(System.getProperty("user.home"), ".local/share/modelhouse/cache").toString());
            pb.environment().put("MODELHOUSE_DB_PORT", String.valueOf(DB_PORT));
            pb.environment().put("MODELHOUSE_KEYCLOAK_PORT", String.valueOf(KEYCLOAK_PORT));
            pb.environment().put("MODELHOUSE_HTTP_PORT", "8081");
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("deploy/local/stack.sh " + String.join(" ", args)
                        + " failed; its output is in " + log + ":\n" + tail(log.toPath()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run deploy/local/stack.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
