package dev.stowage.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.error.BadInputException;
import dev.stowage.spec.FakeNss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Property tests over generated hostile names (seeded, so a failure reproduces): every entry a
 * layer tar holds normalises inside the root, whatever name reached {@link TarRules}; every fakeNss
 * the spec rules accept renders an /etc/passwd and /etc/group that parse back to exactly the given
 * users and groups, and every one they refuse holds a field that would have broken the files.
 */
class HostileNamesPropertyTest {
    private static final long SEED = 20261202L;
    private static final int TRIES = 3000;
    private static final String[] PIECES = {"..", ".", "/", "//", "\0", ":", "\n", "\r", "\t", "a", "b", "x-y", "_", "$", "é", "\u001b", " ", "etc",
        "passwd", "~", "\\", "0", "%2e", "\u2028"};

    private static String hostile(Random r, int maxPieces) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(maxPieces);
        for (int i = 0; i < n; i++) b.append(PIECES[r.nextInt(PIECES.length)]);
        return b.toString();
    }

    @Test
    void everyTarEntryNormalisesInsideTheRoot() throws IOException {
        Random r = new Random(SEED);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < TRIES; i++) {
            String name = hostile(r, 8);
            String target = r.nextInt(4) == 0 ? hostile(r, 4) : null;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            TarRules rules = new TarRules(Instant.EPOCH);
            try (TarArchiveOutputStream tar = TarRules.open(bytes)) {
                switch (r.nextInt(3)) {
                    case 0 -> rules.putDirectory(tar, name, 0755);
                    case 1 -> {
                        rules.putFile(tar, name, false, 0);
                        tar.closeArchiveEntry();
                    }
                    default -> rules.putSymlink(tar, name, target == null ? "t" : target);
                }
                tar.finish();
                accepted++;
            } catch (BadInputException e) {
                refused++;
                assertThat(e.getMessage()).doesNotContain("\0").doesNotContain("\n");
                continue;
            }
            for (String entry : entries(bytes.toByteArray())) {
                assertThat(entry).doesNotContain("\0");
                Path root = Path.of("/root-of-image");
                Path normalised = root.resolve(entry).normalize();
                assertThat(normalised.startsWith(root) && !normalised.equals(root)).as(entry).isTrue();
                for (String segment : entry.split("/")) assertThat(segment).as(entry).isNotIn("..", ".");
            }
        }
        assertThat(accepted).as("some generated names are fine").isPositive();
        assertThat(refused).as("some generated names are hostile").isPositive();
    }

    @Test
    void passwdParsesBackToExactlyTheGivenUsers() {
        Random r = new Random(SEED + 1);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < TRIES; i++) {
            List<FakeNss.User> users = new ArrayList<>();
            FakeNss nss;
            try {
                for (int u = 0; u < 1 + r.nextInt(3); u++) {
                    users.add(new FakeNss.User(r.nextBoolean() ? "u" + u : hostile(r, 3), r.nextInt(3) - 1 + u * 1000, r.nextInt(70000),
                            r.nextBoolean() ? "/home/u" + u : "/" + hostile(r, 4), r.nextBoolean() ? "/bin/sh" : "/" + hostile(r, 3),
                            hostile(r, 5), List.of()));
                }
                nss = new FakeNss(users, List.of(new FakeNss.Group("g", 1)));
                accepted++;
            } catch (IllegalArgumentException e) {
                refused++;
                assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\0");
                continue;
            }
            RootTree tree = new RootTree();
            FakeNssFiles.addTo(tree, nss);
            String passwd = new String(((RootTree.File) tree.get("etc/passwd")).bytes(), StandardCharsets.UTF_8);
            List<String> lines = passwd.lines().toList();
            assertThat(lines).hasSize(nss.users().size());
            for (int u = 0; u < lines.size(); u++) {
                FakeNss.User given = nss.users().get(u);
                String[] f = lines.get(u).split(":", -1);
                assertThat(f).as(lines.get(u)).hasSize(7);
                assertThat(List.of(f)).containsExactly(given.name(), "x", Integer.toString(given.uid()), Integer.toString(given.gid()),
                        given.description(), given.home(), given.shell());
            }
            for (String entry : tree.entries().keySet()) {
                assertThat(EntryNames.safe(entry)).as(entry).isTrue();
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void aNewlineInADescriptionCannotAddARootUser() {
        assertThatThrownBy(() -> new FakeNss.User("app", 1000, 1000, "/home/app", "/bin/sh", "x\nevil:x:0:0::/:/bin/sh", List.of()))
                .hasMessageContaining("description");
        assertThatThrownBy(() -> new FakeNss.User("app", 1000, 1000, "../../../tmp/x", "/bin/sh", "", List.of()))
                .hasMessageContaining("home");
    }

    private static List<String> entries(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) names.add(e.getName());
        }
        return names;
    }
}
