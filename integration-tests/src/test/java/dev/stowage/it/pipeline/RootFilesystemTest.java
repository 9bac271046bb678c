package dev.stowage.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.cli.Main;
import dev.stowage.it.harness.NixStore;
import dev.stowage.it.harness.RootfsComparison;
import dev.stowage.it.harness.Skopeo;
import dev.stowage.it.harness.Tools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customisation layer of a real closure, unpacked by umoci (as root, so owners are kept). */
class RootFilesystemTest {
    @TempDir static Path tmp;
    static NixStore nix;
    static String app;
    static String tools;
    static String cacert;

    @BeforeAll
    static void buildClosure() throws IOException {
        nix = new NixStore(tmp.resolve("nix"));
        app = nix.buildResource("rootfs-closure.nix");
        nix.pathInfo(tmp.resolve("path-info.json"), app);
        for (String p : nix.closure(app)) {
            if (p.endsWith("-tools-1.0")) tools = p;
            if (p.endsWith("-cacert-3.101")) cacert = p;
        }
    }

    private Path unpack(String name, String fields, String platformFields) throws IOException {
        Path spec = Files.writeString(tmp.resolve(name + ".json"), "{\"name\":\"stowage-it/" + name + "\",\"tag\":\"t\"," + fields
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"path-info.json\"" + platformFields + "}]}");
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--store-root", nix.root().toString(), "--blob-store", tmp.resolve("blobs").toString(),
                "--audit-log", tmp.resolve("audit.jsonl").toString(), "--out", "oci:" + tmp.resolve(name));
        assertThat(exit).as(err.toString()).isZero();
        Tools.run("skopeo", "copy", "-q", "oci:" + tmp.resolve(name) + ":t", "oci:" + tmp.resolve(name + "-single") + ":t");
        Path bundle = tmp.resolve(name + "-bundle");
        Tools.run("umoci", "unpack", "--image", tmp.resolve(name + "-single") + ":t", bundle.toString());
        return bundle.resolve("rootfs");
    }

    private static String owner(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        String mode = a.isSymbolicLink() ? "link" : PosixFilePermissions.toString(a.permissions());
        return uid + ":" + gid + " " + mode;
    }

    @Test
    void copyToRootFilesPermsNssTmpAndLinks() throws IOException {
        Path root = unpack("rootfs", "\"tmpDirs\":true,\"usrBinEnv\":true,\"binSh\":true,\"caBundle\":true,"
                + "\"fakeNss\":{},"
                + "\"files\":[{\"path\":\"/etc/app.conf\",\"text\":\"level = 3\\n\",\"mode\":\"0600\",\"uid\":1000,\"gid\":100},"
                + "{\"path\":\"/srv/data\",\"type\":\"directory\",\"uid\":1000,\"gid\":100}],"
                + "\"perms\":[{\"regex\":\"/srv(/.*)?\",\"mode\":\"0750\"}],",
                ",\"copyToRoot\":[\"" + app + "\",\"" + tools + "\",\"" + cacert + "\"]");
        // copyToRoot: real directories, files linked into the store
        assertThat(Files.readSymbolicLink(root.resolve("bin/app")).toString()).isEqualTo(app + "/bin/app");
        assertThat(Files.readSymbolicLink(root.resolve("share/man/tools.1")).toString()).isEqualTo(tools + "/share/man/tools.1");
        assertThat(Files.isDirectory(root.resolve("bin"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        // env, sh and CA bundle links resolve inside the image's store
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/env")).toString()).isEqualTo(tools + "/bin/env");
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh")).toString()).isEqualTo(tools + "/bin/sh");
        assertThat(Files.readSymbolicLink(root.resolve("etc/ssl/certs/ca-bundle.crt")).toString()).isEqualTo(cacert + "/etc/ssl/certs/ca-bundle.crt");
        assertThat(Files.readString(root.resolve(cacert.substring(1) + "/etc/ssl/certs/ca-bundle.crt"))).startsWith("-----BEGIN");
        // literal files and perms, with owners
        assertThat(Files.readString(root.resolve("etc/app.conf"))).isEqualTo("level = 3\n");
        assertThat(owner(root.resolve("etc/app.conf"))).isEqualTo("1000:100 rw-------");
        assertThat(owner(root.resolve("srv/data"))).isEqualTo("1000:100 rwxr-x---");
        assertThat(owner(root.resolve("tmp"))).isEqualTo("0:0 rwxrwxrwx");
        assertThat(Files.readAttributes(root.resolve("tmp"), PosixFileAttributes.class).permissions()).hasSize(9);
        assertThat(Files.readString(root.resolve("etc/passwd"))).contains("root:x:0:0:").contains("nobody:x:65534:65534:");
        assertThat(Files.readString(root.resolve("etc/nsswitch.conf"))).contains("hosts:     files dns");
        // the store paths themselves are in the image, unchanged
        for (String p : nix.closure(app)) RootfsComparison.assertSame(nix.root(), root, p);
        JsonNode config = Skopeo.inspect("inspect", "--config", "oci:" + tmp.resolve("rootfs") + ":t");
        assertThat(Skopeo.texts(config.get("config").get("Env"))).contains("SSL_CERT_FILE=/etc/ssl/certs/ca-bundle.crt");
    }

    @Test
    void initializeNixDatabaseMakesTheImageAWorkingNixStore() throws IOException {
        Path root = unpack("nixdb", "\"initializeNixDatabase\":true,\"tmpDirs\":true,",
                ",\"copyToRoot\":[\"" + app + "\",\"" + tools + "\"]");
        assertThat(root.resolve("nix/var/nix/db/db.sqlite")).isRegularFile();
        String profile = Files.readSymbolicLink(root.resolve("nix/var/nix/profiles/default-1-link")).toString();
        assertThat(profile).startsWith("/nix/store/").endsWith("-user-environment");
        assertThat(Files.readSymbolicLink(root.resolve("root/.nix-profile")).toString()).isEqualTo("/nix/var/nix/profiles/default");
        // real Nix, pointed at the unpacked image, finds a consistent store
        nix.run("nix-store", "--store", root.toString(), "--verify", "--check-contents");
        List<String> closureOfProfile = nix.run("nix", "path-info", "--store", root.toString(), "-r", profile).lines().toList();
        assertThat(closureOfProfile).contains(app, tools).anyMatch(p -> p.endsWith("-manifest.nix"));
        // and `nix profile list` inside the image's /nix (a private mount namespace) accepts the profile
        String listed = nix.run(NixStore.profileListInside(root.resolve("nix")));
        assertThat(listed).contains(app).contains(tools);
    }

    @Test
    void withoutStorePathsOnlyTheRootFilesystemRemains() throws IOException {
        Path root = unpack("nostore", "\"includeStorePaths\":false,\"tmpDirs\":true,", ",\"copyToRoot\":[\"" + app + "\"]");
        assertThat(Files.exists(root.resolve("nix"))).isFalse();
        assertThat(Files.readSymbolicLink(root.resolve("bin/app")).toString()).isEqualTo(app + "/bin/app");
        assertThat(List.of(root.toFile().list())).containsExactlyInAnyOrder("bin", "tmp", "var");
    }
}
