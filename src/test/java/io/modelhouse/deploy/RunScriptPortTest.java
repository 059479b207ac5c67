package io.modelhouse.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/local/run.sh} refuses a taken app port before it builds or starts anything, instead
 * of reusing the stack and taking whatever already answers on the port for its own app.
 */
class RunScriptPortTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void aTakenAppPortIsRefusedBeforeBuildingOrStartingAnything(@TempDir Path home) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            Path log = home.resolve("run-sh.log");
            ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("deploy/local/run.sh").toString())
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("MODELHOUSE_HTTP_PORT", port);
            pb.environment().put("MODELHOUSE_HOME", home.toString());
            Process run = pb.start();

            if (!run.waitFor(60, TimeUnit.SECONDS)) {
                // Past the check it would be building or starting the stack: stop all of it.
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
                fail("run.sh did not stop at the taken port within 60 s:\n" + output(log));
            }
            String out = output(log);
            assertNotEquals(0, run.exitValue(), out);
            assertTrue(out.contains(port), "names the port: " + out);
            assertTrue(out.contains("MODELHOUSE_HTTP_PORT"), "names the variable that moves it: " + out);
            assertFalse(out.contains("READY"), out);
            assertFalse(out.contains("building the app"), "refused before the build: " + out);
            assertFalse(out.contains("[stack]"), "refused before the stack: " + out);
        }
    }

    private static String output(Path log) throws IOException {
        return Files.readString(log);
    }
}
