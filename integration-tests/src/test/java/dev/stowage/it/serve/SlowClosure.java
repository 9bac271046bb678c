package dev.stowage.it.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * A hand-made closure whose layers take a while to build: {@code paths} store paths, each holding
 * {@code bytes} of seeded pseudo-random text, compressed with zstd level 19, one layer per path,
 * for two platforms. Deterministic: the same arguments give the same digests.
 */
final class SlowClosure {
    private static final String NAR_HASH = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    private static final String BASE32 = "0123456789abcdfghijklmnpqrsvwxyz";
    final Path storeRoot;
    final Path spec;

    SlowClosure(Path dir, int paths, int bytes) throws IOException {
        this.storeRoot = dir.resolve("root");
        Random random = new Random(42);
        List<String> infos = new ArrayList<>();
        for (int i = 0; i < paths; i++) {
            String path = "/nix/store/" + hash(random) + "-data-" + i;
            byte[] raw = new byte[bytes * 3 / 4];
            random.nextBytes(raw);
            Path file = storeRoot.resolve(path.substring(1)).resolve("share/data.txt");
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getMimeEncoder().encode(raw));
            infos.add("{\"path\":\"" + path + "\",\"narHash\":\"" + NAR_HASH + "\",\"narSize\":" + (bytes + 200) + ",\"references\":[]}");
        }
        Files.writeString(dir.resolve("closure.json"), "[" + String.join(",", infos) + "]", StandardCharsets.UTF_8);
        this.spec = Files.writeString(dir.resolve("image.json"), "{\"name\":\"stowage-it/slow\",\"tag\":\"1\","
                + "\"compression\":\"zstd\",\"compressionLevel\":19,"
                + "\"platforms\":[{\"platform\":\"linux/amd64\",\"closure\":\"closure.json\"},"
                + "{\"platform\":\"linux/arm64\",\"closure\":\"closure.json\"}]}");
    }

    private static String hash(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i++) s.append(BASE32.charAt(random.nextInt(BASE32.length())));
        return s.toString();
    }
}
