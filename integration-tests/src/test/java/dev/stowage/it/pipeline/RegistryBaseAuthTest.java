package dev.stowage.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.cli.Main;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fromImage: docker://…} from a registry with htpasswd Basic auth, credentials from the
 * environment as {@code CredentialResolver} reads them (a separate {@code stowage} process, so
 * the environment is real): the right password pulls, a wrong one is bad input naming the
 * registry and user, and the password is in no output, log or event.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RegistryBaseAuthTest {
    private static final String PASSWORD = "pull-secret-4711";
    @TempDir Path tmp;

    @Test
    void pullsWithCredentialsFromTheEnvironmentAndRefusesAWrongPasswordWithoutShowingIt() throws Exception {
        Path layout = tmp.resolve("layout");
        Tools.run("umoci", "init", "--layout", layout.toString());
        Tools.run("umoci", "new", "--image", layout + ":b");
        Path content = Files.writeString(tmp.resolve("motd"), "from the base\n");
        Tools.run("umoci", "insert", "--image", layout + ":b", content.toString(), "/etc/motd");
        try (Registry registry = Registry.basic(tmp.resolve("registry"), "puller", PASSWORD)) {
            Tools.run("skopeo", "copy", "-q", "--dest-tls-verify=false", "--dest-creds", "puller:" + PASSWORD,
                    "oci:" + layout + ":b", registry.docker("team/base:1"));
            NixStore nix = new NixStore(tmp.resolve("nix"));
            nix.pathInfo(tmp.resolve("path-info.json"), nix.buildResource("sample-closure.nix"));
            String ref = "docker://" + registry.host() + "/team/base:1";
            Files.writeString(tmp.resolve("spec.json"), "{\"name\":\"stowage-it/authed\",\"tag\":\"t\",\"maxLayers\":4,"
                    + "\"fromImage\":\"" + ref + "\",\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"}]}");

            Tools.Result ok = stowage(nix, "ok", PASSWORD);
            assertThat(ok.exitCode()).as(ok.stderr()).isZero();
            assertThat(Skopeo.texts(Skopeo.inspect("inspect", "oci:" + tmp.resolve("out-ok") + ":t").get("Layers")).get(0))
                    .isEqualTo(Skopeo.texts(Skopeo.inspect("inspect", "oci:" + layout + ":b").get("Layers")).get(0));

            Tools.Result denied = stowage(nix, "denied", "wrong-" + PASSWORD);
            assertThat(denied.exitCode()).as(denied.stderr()).isEqualTo(2);
            assertThat(denied.stderr()).contains(ref).contains(registry.host()).contains("puller").doesNotContain(PASSWORD);
            assertThat(tmp.resolve("out-denied")).doesNotExist();
            for (String name : List.of("ok", "denied")) {
                String audit = Files.readString(tmp.resolve(name + ".jsonl"));
                assertThat(audit).doesNotContain(PASSWORD);
            }
            assertThat(Files.readString(tmp.resolve("denied.jsonl"))).contains("\"BuildFailed\"");

            // --creds for the registry of a docker:// output count for a base on that registry too
            StringWriter err = new StringWriter();
            int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    "build", tmp.resolve("spec.json").toString(), "--creds", "puller:" + PASSWORD, "--store-root", nix.root().toString(),
                    "--blob-store", tmp.resolve("blobs-creds").toString(), "--audit-log", tmp.resolve("creds.jsonl").toString(),
                    "--out", "docker://" + registry.host() + "/team/app:1");
            assertThat(exit).as(err.toString()).isZero();
            String pushed = Tools.run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "puller:" + PASSWORD,
                    registry.docker("team/app:1"));
            assertThat(pushed).contains("application/vnd.oci.image.index.v1+json");
            assertThat(Files.readString(tmp.resolve("creds.jsonl"))).doesNotContain(PASSWORD);
        }
    }

    private Tools.Result stowage(NixStore nix, String name, String password) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Tools.attempt(Map.of("STOWAGE_REGISTRY_USERNAME", "puller", "STOWAGE_REGISTRY_PASSWORD", password), Duration.ofMinutes(3), null,
                List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.stowage.cli.Main", "build",
                        tmp.resolve("spec.json").toString(), "--workers", "1", "--store-root", nix.root().toString(),
                        "--blob-store", tmp.resolve("blobs-" + name).toString(), "--audit-log", tmp.resolve(name + ".jsonl").toString(),
                        "--out", "oci:" + tmp.resolve("out-" + name)));
    }
}
