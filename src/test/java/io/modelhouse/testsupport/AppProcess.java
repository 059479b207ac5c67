package io.modelhouse.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * The packaged app as a separate process against the suite's stack: for tests that kill an
 * instance (crash drills) or run several at once (clustered jobs).
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static AppProcess start(String name, int port, Map<String, String> config) {
        String jar = System.getProperty("modelhouse.app.jar", "target/quarkus-app/quarkus-run.jar");
        Path log = Path.of("target", "app-" + name + ".log");
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m"));
        cmd.add("-Dquarkus.profile=" + config.getOrDefault("quarkus.profile", "dev")); // local secrets are dev-only
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dmodelhouse.db.port=" + LocalStackResource.DB_PORT);
        cmd.add("-Dmodelhouse.keycloak.url=" + LocalStackResource.KEYCLOAK_URL);
        cmd.add("-Dmodelhouse.pool.refill-every=off");
        cmd.add("-Dmodelhouse.reconcile.every=off");
        cmd.add("-Dmodelhouse.reconcile.identities-every=off");
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            AppProcess app = new AppProcess(p, port, log);
            Awaitility.await("app " + name + " ready (log " + log + ")").atMost(90, TimeUnit.SECONDS)
                    .pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("app " + name + " exited:\n" + Files.readString(log));
                        }
                        return app.ready();
                    });
            return app;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private boolean ready() {
        try {
            var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean waitForExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    public File log() {
        return log.toFile();
    }

    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
