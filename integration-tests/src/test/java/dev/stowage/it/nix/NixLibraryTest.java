package dev.stowage.it.nix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.Registry;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import dev.stowage.json.Json;
import dev.stowage.oci.Digest;
import dev.stowage.testsupport.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Nix library in nix/ with Debian's nix-bin: every Nix command runs in a private mount
 * namespace with a test folder bind-mounted on /nix, so store paths are real /nix/store paths,
 * the library's apps run as a user runs them, and podman runs the image's /nix/store programs.
 */
class NixLibraryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(300);
    private static final String CONF = "build-users-group =\nsandbox = false\nexperimental-features = nix-command flakes\nsubstituters =\n";

    @TempDir static Path tmp;
    static Registry registry;
    static Path nixRoot;
    static Map<String, String> env;
    static Path fixture;
    static String registryArg;

    @BeforeAll
    static void setUp() throws IOException {
        registry = Registry.anonymous(tmp.resolve("registry"));
        nixRoot = Files.createDirectories(tmp.resolve("nixroot/nix"));
        Path conf = Files.createDirectories(tmp.resolve("nix-conf"));
        Files.writeString(conf.resolve("nix.conf"), CONF);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path stowage = Files.writeString(bin.resolve("stowage"), "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " -cp '" + System.getProperty("java.class.path") + "' dev.stowage.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(stowage, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path containersConf = Files.writeString(tmp.resolve("containers.conf"),
                "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]\n[engine]\nruntime = \"runc\"\n");
        env = new HashMap<>(Map.of("NIX_CONF_DIR", conf.toString(), "HOME", Files.createDirectories(tmp.resolve("home")).toString(),
                "CONTAINERS_CONF", containersConf.toString(),
                "PODMAN_OPTS", "--root " + tmp.resolve("podman-root") + " --runroot " + tmp.resolve("podman-run") + " --storage-driver vfs"));
        fixture = Path.of(System.getProperty("user.dir")).resolve("src/test/resources/nix/image-lib.nix");
        registryArg = "\"" + registry.host() + "\"";
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        if (registry != null) registry.close();
    }

    private static Path repoNix() {
        return Path.of(System.getProperty("user.dir")).getParent().resolve("nix");
    }

    /** Runs a command with /nix bound to the test's folder; fails the test with stderr on error. */
    private static String inNix(String... command) {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mkdir -p /nix && mount --bind \"$1\" /nix && shift && exec \"$@\"", "sh", nixRoot.toString()));
        cmd.addAll(List.of(command));
        return Tools.succeeded(Tools.attempt(env, TIMEOUT, null, cmd), cmd).stdout().strip();
    }

    private static String nixBuild(String attr) {
        return inNix("nix-build", "--no-out-link", fixture.toString(), "-A", attr, "--arg", "stowageNix", repoNix().toString(),
                "--arg", "stowage", "\"" + tmp.resolve("bin/stowage") + "\"", "--arg", "registry", registryArg);
    }

    private static List<String> stowageOptions(String name) {
        return List.of("--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve(name + ".jsonl").toString());
    }

    @Test
    void nixBuildGivesTheSpecAndCopyToRegistryPushesWhatTheHandWrittenSpecBuilds() throws IOException {
        String image = nixBuild("image");
        JsonNode spec = Json.tree(nixRoot.getParent().resolve(image.substring(1)).resolve("image.json"));
        String app = nixBuild("app");
        String shell = nixBuild("shell");
        String libgreet = nixBuild("libgreet");
        assertThat(spec.get("name").asText()).isEqualTo(registry.host() + "/greeter");
        assertThat(spec.at("/platforms/0/layers/1/deps/0").asText()).isEqualTo(libgreet);
        assertThat(spec.at("/config/Cmd/0").asText()).isEqualTo(app + "/bin/greeter");
        JsonNode closure = Json.tree(nixRoot.getParent().resolve(image.substring(1)).resolve("linux-amd64/closure.json"));
        List<String> paths = new ArrayList<>();
        closure.forEach(n -> paths.add(n.get("path").asText()));
        assertThat(paths).containsExactlyInAnyOrder(app, shell, libgreet);

        String push = nixBuild("image.copyToRegistry");
        List<String> args = new ArrayList<>(List.of(push + "/bin/copy-to-registry", "--tls-verify=false"));
        args.addAll(stowageOptions("push"));
        inNix(args.toArray(String[]::new));
        Digest pushed = Skopeo.rawDigest("--tls-verify=false", registry.docker("greeter:1.0"));

        Path hand = tmp.resolve("hand");
        Files.createDirectories(hand);
        Files.writeString(hand.resolve("path-info.json"), inNix("nix", "path-info", "--json", "-r", app, shell));
        Files.writeString(hand.resolve("spec.json"), """
                {"name": "%s/greeter", "tag": "1.0",
                 "config": {"Cmd": ["%s/bin/greeter"], "Env": ["PATH=/bin"]},
                 "binSh": true, "perms": [{"regex": "/bin", "mode": "0755"}],
                 "platforms": [{"platform": "linux/amd64", "closure": "path-info.json", "copyToRoot": ["%s"],
                   "layers": [{"deps": ["%s"]}, {"deps": ["%s"]}, {"deps": ["%s"]}]}]}
                """.formatted(registry.host(), app, shell, shell, libgreet, app));
        Path oci = tmp.resolve("hand-oci");
        StringWriter err = new StringWriter();
        List<String> build = new ArrayList<>(List.of("build", hand.resolve("spec.json").toString(), "--store-root", nixRoot.getParent().toString(),
                "--out", "oci:" + oci));
        build.addAll(stowageOptions("hand"));
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), build.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        assertThat(Skopeo.rawDigest("oci:" + oci + ":1.0")).isEqualTo(pushed);
    }

    @Test
    void copyToPodmanLoadsAnImageWhoseAppRuns() {
        String load = nixBuild("image.copyToPodman");
        List<String> args = new ArrayList<>(List.of(load + "/bin/copy-to-podman"));
        args.addAll(stowageOptions("podman"));
        inNix(args.toArray(String[]::new));
        String out = Tools.succeeded(Tools.attempt(env, TIMEOUT, null, podman("run", "--rm", "--network=none", registry.host() + "/greeter:1.0")),
                podman("run")).stdout();
        assertThat(out).isEqualTo("hello from a stowage image\n");
    }

    @Test
    void copyToDockerDaemonLoadsThroughTheEngineApiAndTheImageRuns() throws Exception {
        String load = nixBuild("image.copyToDockerDaemon");
        Path socket = tmp.resolve("engine.sock");
        List<String> service = podman("system", "service", "--time=0", "unix://" + socket);
        ProcessBuilder pb = new ProcessBuilder(service).redirectErrorStream(true).redirectOutput(tmp.resolve("engine.log").toFile());
        pb.environment().putAll(env);
        Process engine = pb.start();
        try {
            Await.until(Duration.ofSeconds(30), "podman's API on " + socket, () -> !engine.isAlive() || accepts(socket));
            assertThat(engine.isAlive()).as("podman system service exited: " + tmp.resolve("engine.log")).isTrue();
            List<String> args = new ArrayList<>(List.of("env", "DOCKER_HOST=unix://" + socket, load + "/bin/copy-to-docker-daemon"));
            args.addAll(stowageOptions("daemon"));
            inNix(args.toArray(String[]::new));
            String tags = Tools.succeeded(Tools.attempt(env, TIMEOUT, null, podman("images", "--format", "{{.Repository}}:{{.Tag}}")), podman("images")).stdout();
            assertThat(tags).contains(registry.host() + "/greeter:1.0");
            String out = Tools.succeeded(Tools.attempt(env, TIMEOUT, null, podman("run", "--rm", "--network=none", registry.host() + "/greeter:1.0")),
                    podman("run")).stdout();
            assertThat(out).isEqualTo("hello from a stowage image\n");
        } finally {
            engine.destroy();
            engine.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean accepts(Path socket) {
        if (!Files.exists(socket)) return false;
        try (var ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Test
    void theFlakeBuildsTheSameImageAndItsAppPushesWithStowageFromPath() throws IOException {
        Path flake = Files.createDirectories(tmp.resolve("flake"));
        Files.copy(fixture, flake.resolve("image-lib.nix"));
        String text = Files.readString(fixture.resolveSibling("image-flake/flake.nix"))
                .replace("@STOWAGE_NIX@", repoNix().toString()).replace("@REGISTRY@", registry.host());
        Files.writeString(flake.resolve("flake.nix"), text);
        String ref = "path:" + flake;
        inNix("nix", "build", "--out-link", tmp.resolve("flake-result").toString(), ref + "#image");
        String image = Files.readSymbolicLink(tmp.resolve("flake-result")).toString();
        JsonNode spec = Json.tree(nixRoot.getParent().resolve(image.substring(1)).resolve("image.json"));
        assertThat(spec.get("name").asText()).isEqualTo(registry.host() + "/greeter");
        assertThat(spec.at("/platforms/0/platform").asText()).isEqualTo("linux/amd64");

        env.put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
        try {
            List<String> run = new ArrayList<>(List.of("nix", "run", ref + "#image.copyToRegistry", "--", "--tls-verify=false"));
            run.addAll(stowageOptions("flake"));
            inNix(run.toArray(String[]::new));
        } finally {
            env.put("PATH", System.getenv("PATH"));
        }
        JsonNode config = Skopeo.inspect("inspect", "--tls-verify=false", "--config", registry.docker("greeter:1.0"));
        String app = inNix("nix", "eval", "--raw", ref + "#app.outPath");
        assertThat(config.at("/config/Cmd/0").asText()).isEqualTo(app + "/bin/greeter");
    }

    @Test
    void multiArchPushesOneIndexWithBothPlatformsAndTheMetadataOnIt() {
        String push = nixBuild("multi.copyToRegistry");
        List<String> args = new ArrayList<>(List.of(push + "/bin/copy-to-registry", "--tls-verify=false"));
        args.addAll(stowageOptions("multi"));
        inNix(args.toArray(String[]::new));
        JsonNode index = Skopeo.inspect("inspect", "--raw", "--tls-verify=false", registry.docker("greeter:multi"));
        List<String> platforms = new ArrayList<>();
        index.get("manifests").forEach(m -> platforms.add(m.at("/platform/os").asText() + "/" + m.at("/platform/architecture").asText()));
        assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
        assertThat(index.at("/annotations/org.opencontainers.image.title").asText()).isEqualTo("greeter");
        assertThat(index.at("/annotations/org.opencontainers.image.version").asText()).isEqualTo("1.0");
    }

    @Test
    void copyToWritesTheSameImageToATargetAndPlanListsTheLayers() {
        String copy = nixBuild("image.copyTo");
        Path oci = tmp.resolve("copy-to-oci");
        List<String> args = new ArrayList<>(List.of(copy + "/bin/copy-to", "oci:" + oci));
        args.addAll(stowageOptions("copy-to"));
        inNix(args.toArray(String[]::new));
        String image = nixBuild("image");
        String plan = inNix(nixBuild("image.plan") + "/bin/plan", "--json");
        String libgreet = nixBuild("libgreet");
        assertThat(plan).contains(libgreet);
        List<String> hand = new ArrayList<>(List.of("build", nixRoot.getParent().resolve(image.substring(1)).resolve("image.json").toString(),
                "--store-root", nixRoot.getParent().toString(), "--out", "oci:" + tmp.resolve("direct-oci")));
        hand.addAll(stowageOptions("direct"));
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), hand.toArray(String[]::new)))
                .as(err.toString()).isZero();
        assertThat(Skopeo.rawDigest("oci:" + oci + ":1.0")).isEqualTo(Skopeo.rawDigest("oci:" + tmp.resolve("direct-oci") + ":1.0"));
    }

    @Test
    void nix2containerArgumentsWithoutAnEquivalentAreRefusedByName() {
        String expr = "(import " + repoNix() + " { system = \"x86_64-linux\"; }).buildLayer { deps = [ ]; copyToRoot = [ ]; }";
        List<String> cmd = List.of("nix-instantiate", "--eval", "--strict", "--expr", expr);
        Tools.Result r = Tools.attempt(env, TIMEOUT, null, cmd);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("stowage.buildLayer: argument 'copyToRoot' is not supported");
    }

    @Test
    void withPkgsTheBuildsUsePkgsShellAndTheConfigsStorePathsFormTheClosure() throws IOException {
        Path expr = fixture.resolveSibling("image-pkgs.nix");
        String image = inNix("nix-build", "--no-out-link", expr.toString(), "-A", "image", "--arg", "stowageNix", repoNix().toString());
        String app = inNix("nix-build", "--no-out-link", expr.toString(), "-A", "app", "--arg", "stowageNix", repoNix().toString());
        Path out = nixRoot.getParent().resolve(image.substring(1));
        JsonNode closure = Json.tree(out.resolve("linux-amd64/closure.json"));
        assertThat(closure).hasSize(1);
        assertThat(closure.get(0).get("path").asText()).isEqualTo(app);
        JsonNode spec = Json.tree(out.resolve("image.json"));
        assertThat(spec.get("fakeNss").isObject()).isTrue();
        String drv = inNix("nix-store", "-q", "--deriver", image);
        assertThat(inNix("nix", "show-derivation", drv)).contains("bash-standin/bin/sh");
    }

    private static List<String> podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(env.get("PODMAN_OPTS").split(" ")));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
