package dev.stowage.fleet;

import dev.stowage.event.EventHeader;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.SpecLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/** Store paths, path infos and loaded build inputs for the fleet's unit tests (no store files: nothing is built). */
public final class TestInputs {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final StorePath LIBC = path('0', "libc-2.40");
    static final StorePath SSL = path('1', "openssl-3.0.13");
    static final StorePath SSL_FIXED = path('2', "openssl-3.0.14");
    static final StorePath CACERT = path('3', "cacert-3.100");
    static final StorePath CACERT_FIXED = path('4', "cacert-3.101");
    public static final StorePath APP = path('5', "app-1.0");
    static final StorePath APP_FIXED = path('6', "app-1.0");
    static final StorePath TOOL = path('7', "tool-2.0");

    private TestInputs() {}

    static StorePath path(char hashChar, String name) {
        return StorePath.parse("/nix/store/" + String.valueOf(hashChar).repeat(32) + "-" + name);
    }

    static PathInfo info(StorePath p, StorePath... refs) {
        return new PathInfo(p, Digest.ofBytes(p.toString().getBytes(StandardCharsets.UTF_8)), 1000 + p.name().length(), List.of(refs));
    }

    static EventHeader header(String buildId) {
        return EventHeader.create(buildId, "test@host#1", CLOCK);
    }

    /** {@code nix path-info --json -r}-style JSON (Nix 2.8's array) of the infos. */
    static String pathInfoJson(List<PathInfo> infos) {
        return infos.stream().map(i -> "{\"path\":\"" + i.path() + "\",\"narHash\":\"" + i.narHash() + "\",\"narSize\":" + i.narSize()
                + ",\"references\":[" + i.references().stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",")) + "]}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** A one-platform image {@code name} (spec in DIR/NAME-with-_/image.json) whose closure is {@code closure} (roots: what nothing references), Cmd in {@code cmdPath}. */
    public static BuildInput input(Path dir, String name, StorePath cmdPath, List<PathInfo> closure) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name.replace('/', '_')));
        Files.writeString(d.resolve("closure.json"), pathInfoJson(closure));
        Path spec = Files.writeString(d.resolve("image.json"), "{\"name\":\"" + name + "\",\"tag\":\"1.0\","
                + "\"config\":{\"Cmd\":[\"" + cmdPath + "/bin/run\"],\"Env\":[\"SSL_CERT_FILE=" + CACERT + "/etc/ssl/certs/ca-bundle.crt\"]},"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"}]}");
        return SpecLoader.load(spec);
    }

    /** app → openssl → libc, plus cacert as a second root (dockerTools' {@code contents}). */
    public static List<PathInfo> appClosure() {
        return List.of(info(APP, SSL, LIBC), info(SSL, LIBC), info(LIBC), info(CACERT));
    }
}
