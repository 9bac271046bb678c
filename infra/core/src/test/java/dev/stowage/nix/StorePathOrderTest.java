package dev.stowage.nix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Store paths sort as their full text does (the order closures, layers and manifests are written in). */
class StorePathOrderTest {
    private static final String BASE32 = "0123456789abcdfghijklmnpqrsvwxyz";

    @Test
    void theOrderIsTheOrderOfTheFullPaths() {
        Random random = new Random(7);
        List<StorePath> paths = new ArrayList<>();
        List<String> dirs = List.of("/nix/store", "/nix/store-2", "/nix/store2", "/gnu/store", "/nix/stor");
        List<String> names = List.of("a", "a-1.0", "a-1.0-bin", "glibc-2.38", "glibc-2.38-dev", "A", "z+", "x.y", "x-", "x");
        for (int i = 0; i < 400; i++) {
            StringBuilder hash = new StringBuilder();
            // few distinct hashes, so equal hashes with different names occur
            int seed = random.nextInt(6);
            Random h = new Random(seed);
            for (int c = 0; c < 32; c++) hash.append(BASE32.charAt(h.nextInt(32)));
            paths.add(new StorePath(dirs.get(random.nextInt(dirs.size())), hash.toString(), names.get(random.nextInt(names.size()))));
        }
        for (StorePath a : paths) {
            for (StorePath b : paths.subList(0, 60)) {
                assertThat(Integer.signum(a.compareTo(b))).as(a + " vs " + b).isEqualTo(Integer.signum(a.toString().compareTo(b.toString())));
            }
        }
    }
}
