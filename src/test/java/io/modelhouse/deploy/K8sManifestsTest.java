package io.modelhouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Kubernetes manifests as `kubectl kustomize` renders each overlay: the app has at least two
 * replicas, probes on /q/health, resources and a PodDisruptionBudget; Keycloak runs clustered; no
 * Secret is in the files and no secret-looking variable has an inline value. Skipped where kubectl
 * is missing (Debian: kubernetes-client).
 */
class K8sManifestsTest {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i)(.*_)?(password|secret|key|token)(_.*)?");

    @Test
    void eachOverlayRendersAClusterWorthyApp() throws Exception {
        for (String overlay : List.of("local", "production")) {
            List<JsonNode> docs = render(overlay);
            JsonNode app = one(docs, "Deployment", "modelhouse", overlay);
            assertTrue(app.at("/spec/replicas").asInt() >= 2, overlay + ": at least two app replicas");
            for (JsonNode c : app.at("/spec/template/spec/containers")) {
                assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText(), overlay + ": readiness");
                assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText(), overlay + ": liveness");
                for (String r : List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")) {
                    assertTrue(!c.at(r).isMissingNode(), overlay + ": " + c.path("name").asText() + r);
                }
                for (JsonNode env : c.path("env")) {
                    String name = env.path("name").asText();
                    assertTrue(!SECRET_NAME.matcher(name).matches() || env.at("/valueFrom/secretKeyRef/name").isTextual(),
                            overlay + ": " + name + " must come from a Secret, not a value in the manifest");
                }
            }
            JsonNode pdb = one(docs, "PodDisruptionBudget", "modelhouse", overlay);
            assertTrue(pdb.at("/spec/minAvailable").asInt() >= 1, overlay + ": a disruption budget");
            assertTrue(pdb.at("/spec/minAvailable").asInt() < app.at("/spec/replicas").asInt(),
                    overlay + ": the budget lets a drain go on");
            JsonNode keycloak = one(docs, "Keycloak", "modelhouse-keycloak", overlay);
            assertTrue(keycloak.at("/spec/instances").asInt() >= 2, overlay + ": Keycloak clustered");
            assertTrue(keycloak.at("/spec/db/passwordSecret/name").isTextual(),
                    overlay + ": Keycloak's password from a Secret");
            for (JsonNode d : docs) {
                assertTrue(!"Secret".equals(d.path("kind").asText()), overlay + ": a Secret in the manifests");
                JsonNode data = d.path("data");
                if ("ConfigMap".equals(d.path("kind").asText())) {
                    data.fieldNames()
                            .forEachRemaining(k -> assertTrue(!SECRET_NAME.matcher(k).matches(),
                                    overlay + ": " + k + " looks like a secret in a ConfigMap"));
                }
            }
        }
    }

    private static JsonNode one(List<JsonNode> docs, String kind, String name, String overlay) {
        List<JsonNode> found = docs.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.at("/metadata/name").asText())).toList();
        assertEquals(1, found.size(), overlay + ": one " + kind + " " + name);
        return found.get(0);
    }

    private static List<JsonNode> render(String overlay) throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/kubectl").canExecute() || onPath("kubectl"),
                "kubectl is needed to render the manifests (Debian: kubernetes-client)");
        Process p = new ProcessBuilder("kubectl", "kustomize", "deploy/k8s/overlays/" + overlay).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize finished");
        assertEquals(0, p.exitValue(), "kubectl kustomize " + overlay + ":\n" + out);
        List<JsonNode> docs = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var it = yaml.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNext()) {
                JsonNode d = (JsonNode) it.next();
                if (d != null && !d.isEmpty()) {
                    docs.add(d);
                }
            }
        }
        assertTrue(docs.size() >= 6, overlay + " rendered " + docs.size() + " documents");
        return docs;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
