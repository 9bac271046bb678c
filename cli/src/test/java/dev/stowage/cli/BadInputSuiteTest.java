package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that must be refused, each run through the real {@code stowage build}: exit 2, one error
 * line naming the input, no exception class name or stack trace, no output, nothing written next
 * to the inputs, a BuildFailed (BAD_INPUT) in the audit log, within a bounded time.
 */
class BadInputSuiteTest {
    private static final String NAME = "\"name\":\"example/hello\"";
    private static final String TAG = "\"tag\":\"1.0\"";
    private static final String PLATFORMS_START = "\"platforms\":[";

    @TempDir Path tmp;

    /** Makes the bad input from a fresh synthetic closure; returns the spec to build. */
    @FunctionalInterface
    interface Setup {
        Path make(SyntheticClosure c) throws Exception;
    }

    record Case(String name, Setup setup, List<String> mustName) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, Setup setup, String... mustName) {
        return new Case(name, setup, List.of(mustName));
    }

    /** A spec with {@code extra} fields added at the top level. */
    private static Case field(String name, String extra, String... mustName) {
        return c(name, sc -> sc.writeSpec("image.json", sc.spec(extra + ",")), mustName);
    }

    /** A spec with one part of the default text replaced. */
    private static Case replace(String name, String from, String to, String... mustName) {
        return c(name, sc -> sc.writeSpec("image.json", sc.spec("").replace(from, to)), mustName);
    }

    private static Case raw(String name, String text, String... mustName) {
        return c(name, sc -> sc.writeSpec("image.json", text), mustName);
    }

    private static Case user(String name, String userJson, String... mustName) {
        return field(name, "\"fakeNss\":{\"users\":[" + userJson + "]}", mustName);
    }

    private static Case closure(String name, UnaryOperator<String> edit, String... mustName) {
        return c(name, sc -> {
            Path f = sc.dir.resolve("closure.json");
            Files.writeString(f, edit.apply(Files.readString(f)));
            return sc.spec;
        }, mustName);
    }

    private static Case source(String name, Setup prepare, String sourceJson, String... mustName) {
        return c(name, sc -> {
            prepare.make(sc);
            return sc.writeSpec("image.json", sc.spec("\"files\":[{\"path\":\"/etc/x\",\"source\":" + sourceJson + "}],"));
        }, mustName);
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        // JSON types: nothing is coerced
        all.add(replace("name as a number", NAME, "\"name\":42", "image.json", "name", "expected a string, got 42"));
        all.add(replace("name null", NAME, "\"name\":null", "image.json", "name"));
        all.add(replace("tag as a float", TAG, "\"tag\":1.0", "image.json", "tag", "got 1.0"));
        all.add(replace("tag as a boolean", TAG, "\"tag\":true", "image.json", "tag"));
        all.add(field("maxLayers as a float", "\"maxLayers\":2.5", "image.json", "maxLayers", "expected an integer, got 2.5"));
        all.add(field("maxLayers as a string", "\"maxLayers\":\"5\"", "image.json", "maxLayers"));
        all.add(field("maxLayers in exponent form", "\"maxLayers\":1e2", "image.json", "maxLayers"));
        all.add(field("maxLayers out of range", "\"maxLayers\":99999999999", "image.json", "maxLayers", "out of range"));
        all.add(field("maxLayers one", "\"maxLayers\":1", "image.json", "maxLayers"));
        all.add(field("maxLayers boolean", "\"maxLayers\":true", "image.json", "maxLayers"));
        all.add(replace("annotation value a number", "\"https://example.org/hello\"", "7", "image.json", "annotations", "got 7"));
        all.add(replace("annotation value an object", "\"https://example.org/hello\"", "{}", "image.json", "annotations"));
        all.add(replace("annotations a list", "\"annotations\":{\"org.opencontainers.image.source\":\"https://example.org/hello\"}",
                "\"annotations\":[]", "image.json", "annotations"));
        all.add(field("created as a number", "\"created\":5", "image.json", "created"));
        all.add(field("created not a time", "\"created\":\"yesterday\"", "image.json", "created"));
        all.add(field("mtime as a number", "\"mtime\":0", "image.json", "mtime"));
        all.add(field("compression unknown", "\"compression\":\"lz4\"", "image.json", "compression"));
        all.add(field("compression a number", "\"compression\":1", "image.json", "compression"));
        all.add(field("compressionLevel a float", "\"compressionLevel\":2.5", "image.json", "compressionLevel"));
        all.add(field("tmpDirs a string", "\"tmpDirs\":\"true\"", "image.json", "tmpDirs"));
        all.add(field("tmpDirs a number", "\"tmpDirs\":1", "image.json", "tmpDirs"));
        all.add(field("includeStorePaths a string", "\"includeStorePaths\":\"no\"", "image.json", "includeStorePaths"));
        all.add(field("files an object", "\"files\":{}", "image.json", "files"));
        all.add(field("tags a string", "\"tags\":\"latest\"", "image.json", "tags"));
        all.add(field("tags with a number", "\"tags\":[1]", "image.json", "tags"));
        all.add(field("config a list", "\"config\":[]", "image.json", "config"));
        // document shape
        all.add(field("unknown top-level field", "\"maxLayer\":5", "image.json", "maxLayer"));
        all.add(field("duplicate key", "\"name\":\"other/name\"", "image.json", "name", "twice"));
        all.add(replace("duplicate annotation key", "\"annotations\":{", "\"annotations\":{\"a\":\"1\",\"a\":\"2\",", "image.json", "'a'"));
        all.add(c("trailing tokens", sc -> sc.writeSpec("image.json", sc.spec("") + " {}"), "image.json", "after the JSON"));
        all.add(c("trailing garbage", sc -> sc.writeSpec("image.json", sc.spec("") + " x"), "image.json", "not valid JSON"));
        all.add(raw("not JSON", "<html>", "image.json", "not valid JSON"));
        all.add(raw("empty file", "", "image.json"));
        all.add(raw("a list, not an object", "[]", "image.json"));
        all.add(raw("truncated JSON", "{\"name\":\"a\"", "image.json"));
        all.add(raw("comments are not JSON", "// spec\n{}", "image.json"));
        // names and tags
        all.add(replace("name upper case", NAME, "\"name\":\"Example/Hello\"", "image.json", "name"));
        all.add(replace("name too long", NAME, "\"name\":\"" + "a".repeat(256) + "\"", "image.json", "name", "255"));
        all.add(replace("name with a space", NAME, "\"name\":\"ex ample\"", "image.json", "name"));
        all.add(replace("name with a trailing slash", NAME, "\"name\":\"example/\"", "image.json", "name"));
        all.add(replace("name with dot-dot", NAME, "\"name\":\"../etc\"", "image.json", "name"));
        all.add(replace("name with a tag in it", NAME, "\"name\":\"example/hello:1\"", "image.json", "name"));
        all.add(replace("name with a digest", NAME, "\"name\":\"example/hello@sha256:00\"", "image.json", "name"));
        all.add(replace("name empty", NAME, "\"name\":\"\"", "image.json", "name"));
        all.add(replace("tag too long", TAG, "\"tag\":\"" + "t".repeat(129) + "\"", "image.json", "tag"));
        all.add(replace("tag with a slash", TAG, "\"tag\":\"a/b\"", "image.json", "tag"));
        all.add(replace("tag starting with a dot", TAG, "\"tag\":\".hidden\"", "image.json", "tag"));
        all.add(replace("tag with a newline", TAG, "\"tag\":\"a\\nb\"", "image.json", "tag"));
        all.add(field("tags entry invalid", "\"tags\":[\"ok\",\"not ok\"]", "image.json", "tags"));
        all.add(field("storeDir relative", "\"storeDir\":\"nix/store\"", "image.json", "storeDir"));
        all.add(field("storeDir with dot-dot", "\"storeDir\":\"/nix/../store\"", "image.json", "storeDir"));
        // fakeNss: injection and traversal
        all.add(user("user name with a newline", "{\"name\":\"a\\nroot\",\"uid\":1,\"gid\":1}", "image.json", "fakeNss", "name"));
        all.add(user("user name with a colon", "{\"name\":\"a:b\",\"uid\":1,\"gid\":1}", "image.json", "fakeNss"));
        all.add(user("user name upper case", "{\"name\":\"Alice\",\"uid\":1,\"gid\":1}", "image.json", "fakeNss"));
        all.add(user("user name too long", "{\"name\":\"" + "a".repeat(33) + "\",\"uid\":1,\"gid\":1}", "image.json", "fakeNss"));
        all.add(user("user name starting with a digit", "{\"name\":\"1abc\",\"uid\":1,\"gid\":1}", "image.json", "fakeNss"));
        all.add(user("description adding a root user", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"description\":\"x:/:/bin/sh\\nevil:x:0:0:\"}",
                "image.json", "fakeNss.users[app].description"));
        all.add(user("description with a colon", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"description\":\"a:b\"}", "image.json", "description"));
        all.add(user("description with a tab", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"description\":\"a\\tb\"}", "image.json", "description"));
        all.add(user("home relative traversal", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"home\":\"../../../tmp/x\"}", "image.json", "home"));
        all.add(user("home absolute traversal", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"home\":\"/../../tmp/x\"}", "image.json", "home"));
        all.add(user("home with a dot segment", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"home\":\"/home/./app\"}", "image.json", "home"));
        all.add(user("home with a double slash", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"home\":\"/home//app\"}", "image.json", "home"));
        all.add(user("home with a newline", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"home\":\"/home\\nx\"}", "image.json", "home"));
        all.add(user("home with a colon", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"home\":\"/home:/x\"}", "image.json", "home"));
        all.add(user("shell with a newline", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"shell\":\"/bin/sh\\nevil:x:0:0::/:/bin/sh\"}", "image.json", "shell"));
        all.add(user("shell relative", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"shell\":\"sh\"}", "image.json", "shell"));
        all.add(user("shell with an escape character", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"shell\":\"/bin/\\u001bsh\"}", "image.json", "shell"));
        all.add(user("user uid negative", "{\"name\":\"app\",\"uid\":-1,\"gid\":1}", "image.json", "uid"));
        all.add(user("user gid negative", "{\"name\":\"app\",\"uid\":1,\"gid\":-2}", "image.json", "gid"));
        all.add(user("user uid a float", "{\"name\":\"app\",\"uid\":2.0,\"gid\":1}", "image.json", "uid"));
        all.add(user("user uid a string", "{\"name\":\"app\",\"uid\":\"0\",\"gid\":1}", "image.json", "uid"));
        all.add(user("user uid too large", "{\"name\":\"app\",\"uid\":4294967296,\"gid\":1}", "image.json", "uid"));
        all.add(user("user group name bad", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"groups\":[\"wheel:x\"]}", "image.json", "groups"));
        all.add(user("user listed twice", "{\"name\":\"app\",\"uid\":1,\"gid\":1},{\"name\":\"app\",\"uid\":2,\"gid\":2}", "image.json", "twice"));
        all.add(user("unknown user field", "{\"name\":\"app\",\"uid\":1,\"gid\":1,\"password\":\"x\"}", "image.json", "password"));
        all.add(field("group name with a colon", "\"fakeNss\":{\"groups\":[{\"name\":\"a:b\",\"gid\":1}]}", "image.json", "fakeNss.groups"));
        all.add(field("group name with a newline", "\"fakeNss\":{\"groups\":[{\"name\":\"a\\nb\",\"gid\":1}]}", "image.json", "fakeNss.groups"));
        all.add(field("group gid negative", "\"fakeNss\":{\"groups\":[{\"name\":\"app\",\"gid\":-1}]}", "image.json", "gid"));
        all.add(field("group listed twice", "\"fakeNss\":{\"groups\":[{\"name\":\"app\",\"gid\":1},{\"name\":\"app\",\"gid\":2}]}", "image.json", "twice"));
        // files
        all.add(field("file mode a number", "\"files\":[{\"path\":\"/x\",\"text\":\"x\",\"mode\":1777}]", "image.json", "files[0].mode", "got 1777"));
        all.add(field("file mode not octal", "\"files\":[{\"path\":\"/x\",\"text\":\"x\",\"mode\":\"0999\"}]", "image.json", "mode"));
        all.add(field("file mode words", "\"files\":[{\"path\":\"/x\",\"text\":\"x\",\"mode\":\"rwx\"}]", "image.json", "mode"));
        all.add(field("file mode too long", "\"files\":[{\"path\":\"/x\",\"text\":\"x\",\"mode\":\"07777\"}]", "image.json", "mode"));
        all.add(field("file path relative", "\"files\":[{\"path\":\"etc/x\",\"text\":\"x\"}]", "image.json", "path"));
        all.add(field("file path with dot-dot", "\"files\":[{\"path\":\"/etc/../../x\",\"text\":\"x\"}]", "image.json", "path"));
        all.add(field("file path the root", "\"files\":[{\"path\":\"/\",\"type\":\"directory\"}]", "image.json", "path"));
        all.add(field("file path with NUL", "\"files\":[{\"path\":\"/etc/x\\u0000y\",\"text\":\"x\"}]", "image.json", "NUL"));
        all.add(field("file type unknown", "\"files\":[{\"path\":\"/x\",\"type\":\"fifo\"}]", "image.json", "type"));
        all.add(field("symlink target with NUL", "\"files\":[{\"path\":\"/x\",\"type\":\"symlink\",\"target\":\"/bin\\u0000/sh\"}]", "image.json", "NUL"));
        all.add(field("symlink without a target", "\"files\":[{\"path\":\"/x\",\"type\":\"symlink\"}]", "image.json", "target"));
        all.add(field("file uid negative", "\"files\":[{\"path\":\"/x\",\"text\":\"x\",\"uid\":-1}]", "image.json", "uid"));
        all.add(field("file gid negative", "\"files\":[{\"path\":\"/x\",\"text\":\"x\",\"gid\":-5}]", "image.json", "gid"));
        all.add(field("file uid a float", "\"files\":[{\"path\":\"/x\",\"text\":\"x\",\"uid\":1.5}]", "image.json", "uid"));
        all.add(field("file uid too large", "\"files\":[{\"path\":\"/x\",\"text\":\"x\",\"uid\":3000000000}]", "image.json", "uid"));
        all.add(field("file listed twice", "\"files\":[{\"path\":\"/x\",\"text\":\"a\"},{\"path\":\"/x\",\"text\":\"b\"}]", "image.json", "twice"));
        all.add(field("file text and source", "\"files\":[{\"path\":\"/x\",\"text\":\"a\",\"source\":\"b\"}]", "image.json", "/x"));
        all.add(field("unknown file field", "\"files\":[{\"path\":\"/x\",\"text\":\"a\",\"owner\":\"root\"}]", "image.json", "owner"));
        // files[].source confinement
        all.add(source("source absolute", sc -> null, "\"/etc/passwd\"", "files[0].source", "absolute"));
        all.add(source("source escaping with dot-dot", sc -> Files.writeString(sc.dir.getParent().resolve("secret"), "s"),
                "\"../secret\"", "files[0].source", "outside"));
        all.add(source("source symlink pointing out", sc -> {
            Files.writeString(sc.dir.getParent().resolve("secret"), "s");
            return Files.createSymbolicLink(sc.dir.resolve("link"), sc.dir.getParent().resolve("secret"));
        }, "\"link\"", "files[0].source", "outside"));
        all.add(source("source symlink to /etc/passwd", sc -> Files.createSymbolicLink(sc.dir.resolve("pw"), Path.of("/etc/passwd")),
                "\"pw\"", "files[0].source", "outside"));
        all.add(source("source missing", sc -> null, "\"nope.txt\"", "files[0].source", "no such file"));
        all.add(source("source a directory", sc -> Files.createDirectories(sc.dir.resolve("d")), "\"d\"", "files[0].source", "not a regular file"));
        all.add(source("source a number", sc -> null, "5", "files[0].source"));
        // perms
        all.add(field("perms regex invalid", "\"perms\":[{\"regex\":\"(\",\"mode\":\"0755\"}]", "image.json", "perms", "regex"));
        all.add(field("perms regex back-reference", "\"perms\":[{\"regex\":\"(a)\\\\1\",\"mode\":\"0755\"}]", "image.json", "regex"));
        all.add(field("perms regex look-ahead", "\"perms\":[{\"regex\":\"(?=a)a\",\"mode\":\"0755\"}]", "image.json", "regex"));
        all.add(field("perms regex too long", "\"perms\":[{\"regex\":\"" + "a".repeat(2000) + "\",\"mode\":\"0755\"}]", "image.json", "regex"));
        all.add(field("perms uid negative", "\"perms\":[{\"regex\":\"/tmp\",\"uid\":-1}]", "image.json", "uid"));
        all.add(field("perms gid negative", "\"perms\":[{\"regex\":\"/tmp\",\"gid\":-1}]", "image.json", "gid"));
        all.add(field("perms uid too large", "\"perms\":[{\"regex\":\"/tmp\",\"uid\":2147483648}]", "image.json", "uid"));
        all.add(field("perms mode a number", "\"perms\":[{\"regex\":\"/tmp\",\"mode\":1777}]", "image.json", "mode", "got 1777"));
        all.add(field("perms mode not octal", "\"perms\":[{\"regex\":\"/tmp\",\"mode\":\"8888\"}]", "image.json", "mode"));
        all.add(field("perms sets nothing", "\"perms\":[{\"regex\":\"/tmp\"}]", "image.json", "sets nothing"));
        all.add(field("perms regex missing", "\"perms\":[{\"mode\":\"0755\"}]", "image.json", "regex"));
        // platforms
        all.add(replace("platforms missing", "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"},"
                + "{\"platform\":\"linux/arm64\",\"closure\":\"closure.json\"}]", "\"tmpDirs\":false", "image.json", "platforms"));
        all.add(replace("platform without an architecture", "\"platform\":\"linux/arm64\"", "\"platform\":\"linux\"", "image.json", "platform"));
        all.add(replace("platform a number", "\"platform\":\"linux/arm64\"", "\"platform\":64", "image.json", "platform"));
        all.add(replace("platform listed twice", "\"platform\":\"linux/arm64\"", "\"platform\":\"linux/amd64\"", "image.json", "twice"));
        all.add(replace("closure a number", "\"closure\":\"closure.json\"}]", "\"closure\":1}]", "image.json", "closure"));
        all.add(replace("root not a store path", PLATFORMS_START + "{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"}",
                PLATFORMS_START + "{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\",\"roots\":[\"/etc/passwd\"]}", "image.json", "roots"));
        all.add(replace("root not in the closure", PLATFORMS_START + "{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"}",
                PLATFORMS_START + "{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\",\"roots\":[\"/nix/store/"
                        + "00000000000000000000000000000000-nope\"]}", "roots", "not in the closure"));
        // closures
        all.add(closure("closure with a cycle", s -> s.replace("\"references\":[]}]", "\"references\":[\"" + SyntheticClosure.APP + "\"]}]"),
                "closure.json", "cycle", SyntheticClosure.APP, SyntheticClosure.LIBC));
        all.add(closure("closure reference outside it", s -> s.replace("\"references\":[]}]",
                "\"references\":[\"/nix/store/00000000000000000000000000000000-ghost\"]}]"), "closure.json", "ghost", "not in the closure"));
        all.add(closure("closure not JSON", s -> "<html>", "closure.json", "not valid JSON"));
        all.add(closure("closure empty", s -> "[]", "closure.json", "empty"));
        all.add(closure("closure bad store path name", s -> s.replace("greeting-data-1.0", "greeting data!"), "closure.json", "greeting data!"));
        all.add(closure("closure bad store path hash", s -> s.replace("2dk5bsz4bkcs3qmwmd6zh4xkb0v0k4aw", "2dk5bsz4bkcs3qmwmd6zh4xkb0v0k4a!"), "closure.json"));
        all.add(closure("closure path outside the store", s -> s.replace(SyntheticClosure.DATA, "/tmp/2dk5bsz4bkcs3qmwmd6zh4xkb0v0k4aw-greeting-data-1.0"),
                "closure.json"));
        all.add(closure("closure bad narHash", s -> s.replaceFirst("sha256-47DEQpj8HBSa\\+/TImW\\+5JCeuQeRkm5NMpJWZG3hSuFU=", "sha256-nope"),
                "closure.json", "narHash"));
        all.add(closure("closure narSize a string", s -> s.replaceFirst("\"narSize\":(\\d+)", "\"narSize\":\"$1\""), "closure.json", "narSize"));
        all.add(closure("closure path listed twice", s -> s.substring(0, s.length() - 1) + "," + s.substring(s.lastIndexOf('{')),
                "closure.json", "twice"));
        all.add(c("closure file missing", sc -> {
            Files.delete(sc.dir.resolve("closure.json"));
            return sc.spec;
        }, "closure.json", "no such file"));
        // store contents
        all.add(c("store path missing", sc -> {
            delete(sc.storeRoot.resolve(SyntheticClosure.DATA.substring(1)));
            return sc.spec;
        }, SyntheticClosure.DATA, "not found"));
        all.add(c("store path holds a FIFO", sc -> {
            run("mkfifo", sc.storeRoot.resolve(SyntheticClosure.DATA.substring(1)).resolve("share/pipe").toString());
            return sc.spec;
        }, SyntheticClosure.DATA, "unsupported file type", "share/pipe"));
        all.add(c("store path holds a socket", sc -> {
            Path sock = sc.storeRoot.resolve(SyntheticClosure.DATA.substring(1)).resolve("share/sock");
            Path shortPath = Files.createTempDirectory(Path.of("/tmp"), "s").resolve("s"); // socket paths are limited to 108 bytes
            try (var ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.bind(UnixDomainSocketAddress.of(shortPath));
            }
            Files.move(shortPath, sock);
            Files.delete(shortPath.getParent());
            return sc.spec;
        }, SyntheticClosure.DATA, "unsupported file type", "share/sock"));
        all.add(c("store file name not UTF-8", sc -> {
            run("sh", "-c", "touch \"$1/$(printf 'caf\\351')\"", "sh", sc.storeRoot.resolve(SyntheticClosure.DATA.substring(1)).resolve("share").toString());
            return sc.spec;
        }, SyntheticClosure.DATA, "not UTF-8", "share/caf"));
        all.add(c("store symlink target not UTF-8", sc -> {
            run("sh", "-c", "ln -s \"$(printf 'caf\\351')\" \"$1/odd\"", "sh", sc.storeRoot.resolve(SyntheticClosure.DATA.substring(1)).resolve("share").toString());
            return sc.spec;
        }, SyntheticClosure.DATA, "symlink target", "share/odd"));
        all.add(c("store path is a file where a directory is expected", sc -> {
            Path data = sc.storeRoot.resolve(SyntheticClosure.DATA.substring(1));
            delete(data);
            Files.writeString(data, "x");
            return sc.writeSpec("image.json", sc.spec("\"usrBinEnv\":true,"));
        }, "usrBinEnv"));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused(Case bad) throws Exception {
        SyntheticClosure closure = new SyntheticClosure(tmp.resolve("input"));
        Path spec = bad.setup().make(closure);
        List<String> before = listing(tmp.resolve("input"));
        Path out = tmp.resolve("out");
        Path audit = tmp.resolve("audit.jsonl");
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--out", "oci:" + out, "--out", "docker-archive:" + tmp.resolve("image.tar"), "--platform", "linux/amd64",
                "--store-root", closure.storeRoot.toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", audit.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String stderr = err.toString();
        assertThat(exit).as(stderr).isEqualTo(2);
        List<String> errors = stderr.lines().filter(l -> l.startsWith("stowage: error: ")).toList();
        assertThat(errors).as(stderr).hasSize(1);
        assertThat(stderr).doesNotContain("\tat ").doesNotContainPattern("\\b[A-Z]\\w*(Exception|Error)\\b");
        for (String s : bad.mustName()) assertThat(errors.get(0)).as(stderr).contains(s);
        assertThat(Files.readString(audit)).contains("\"type\":\"BuildFailed\"").contains("\"kind\":\"BAD_INPUT\"");
        assertThat(out).doesNotExist();
        assertThat(tmp.resolve("image.tar")).doesNotExist();
        assertThat(listing(tmp.resolve("input"))).as("nothing written next to the inputs").isEqualTo(before);
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void suiteIsLargeEnough() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(80);
    }

    /** A regex that takes java.util.regex 2^40 steps on this path is matched at once by RE2J; the build succeeds. */
    @Test
    void pathologicalPermsRegexRunsInLinearTime() throws Exception {
        SyntheticClosure closure = new SyntheticClosure(tmp.resolve("input"));
        String longName = "/" + "x".repeat(40);
        Path spec = closure.writeSpec("image.json", closure.spec("\"files\":[{\"path\":\"" + longName + "\",\"text\":\"x\"}],"
                + "\"perms\":[{\"regex\":\"/(x+x+)+y\",\"mode\":\"0600\"}],"));
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--out", "oci:" + tmp.resolve("out"), "--platform", "linux/amd64", "--store-root", closure.storeRoot.toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    /** {@code --files-root} is the explicit way to read a source outside the spec's folder; the file lands in the layer. */
    @Test
    void filesRootAllowsAnotherFolder() throws Exception {
        SyntheticClosure closure = new SyntheticClosure(tmp.resolve("input"));
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.writeString(shared.resolve("motd"), "welcome\n");
        Path spec = closure.writeSpec("image.json", closure.spec("\"files\":[{\"path\":\"/etc/motd\",\"source\":\"../shared/motd\"}],"));
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "build", spec.toString(),
                "--out", "oci:" + tmp.resolve("out"), "--platform", "linux/amd64", "--store-root", closure.storeRoot.toString(),
                "--files-root", tmp.toString(),
                "--blob-store", tmp.resolve("blobs").toString(), "--audit-log", tmp.resolve("audit.jsonl").toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(motdInLayout(tmp.resolve("out"))).isEqualTo("welcome\n");
    }

    /** The text of {@code etc/motd} in whichever gzip layer of the layout holds it. */
    private static String motdInLayout(Path layout) throws IOException {
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                try (var tar = new TarArchiveInputStream(
                        new GZIPInputStream(Files.newInputStream(blob)))) {
                    for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                        if (e.getName().equals("etc/motd")) return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    }
                } catch (ZipException notGzip) {
                    // a config or manifest blob
                }
            }
        }
        return null;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static Path delete(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                f.toFile().setWritable(true);
                f.toFile().delete();
            });
        }
        return p;
    }

    private static Path run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed");
        return null;
    }
}
