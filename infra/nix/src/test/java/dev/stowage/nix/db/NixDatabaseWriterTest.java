package dev.stowage.nix.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import dev.stowage.spec.FileSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NixDatabaseWriterTest {
    private static final long TIME = 1700000000L;
    private static final StorePath A = StorePath.parse("/nix/store/7d2ch0vw00r36i3qh5n06rj7wx8iacj0-manifest.nix");
    private static final StorePath B = StorePath.parse("/nix/store/gdn7apda5d8pfppxspbqp4mf1l37dnka-x.nix");
    private static final StorePath C = StorePath.parse("/nix/store/l8cd5y5i2xfyvchvzpf70vi6zh0mrd1k-d");

    @TempDir
    Path tmp;

    @Test
    void writesTheRowsTheWayNixStoresThem() throws Exception {
        Path db = writeDb(paths());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThat(rows(c, "select id, path, hash, registrationTime, deriver, narSize, ultimate, sigs, ca from ValidPaths order by id")).containsExactly(
                    "1|" + A + "|sha256:340b98805e913c0a37451feb3f12b58d3390ad028db3cea1259a23ea331b8935|1700000000|null|120|null|null|text:sha256:1ylsjqlp1i4a8cw8vq3pvz74c58sp1qmdp993qj4gnf6qp0fm12r",
                    "2|" + B + "|sha256:7517904d050e886f2760cdc91e6ed09043277bd390cdea615b111f80696a1f10|1700000000|null|240|null|null|null",
                    "3|" + C + "|sha256:a97073d9b4f97fd2be70793b65bd3008ad39bae069a203063097ccce2209112a|1700000000|null|880|null|null|null");
            assertThat(rows(c, "select referrer, reference from Refs order by referrer, reference")).containsExactly("2|1", "3|1", "3|3");
            assertThat(rows(c, "pragma journal_mode")).containsExactly("delete");
            assertThat(rows(c, "pragma page_size")).containsExactly("4096");
            assertThat(rows(c, "pragma freelist_count")).containsExactly("0");
            assertThat(rows(c, "pragma integrity_check")).containsExactly("ok");
            assertThat(rows(c, "pragma foreign_key_check")).isEmpty();
        }
    }

    @Test
    void schemaIsTheOneNix28Creates() throws Exception {
        Path db = writeDb(paths());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            String ours = String.join("\n", rows(c,
                    "select type || ' ' || name || ' ' || tbl_name || char(10) || coalesce(sql,'') from sqlite_master order by name")) + "\n";
            assertThat(ours).isEqualTo(resource("nix-2.8-sqlite-master.txt"));
        }
    }

    @Test
    void sameInputGivesTheSameBytesWhateverTheOrder() throws Exception {
        NixDatabaseWriter writer = new NixDatabaseWriter(tmp);
        List<ValidPath> shuffled = new ArrayList<>(paths());
        Collections.reverse(shuffled);
        byte[] first = bytes(writer.write("/nix/var/nix", paths(), TIME).get(0));
        byte[] second = bytes(writer.write("/nix/var/nix", paths(), TIME).get(0));
        byte[] reversed = bytes(writer.write("/nix/var/nix", shuffled, TIME).get(0));
        assertThat(second).isEqualTo(first);
        assertThat(reversed).isEqualTo(first);
        assertThat(new String(first, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
        assertThat(first[18]).as("write version 1: rollback journal, not WAL").isEqualTo((byte) 1);
        assertThat(first[19]).as("read version 1: rollback journal, not WAL").isEqualTo((byte) 1);
        assertThat(first.length % 4096).isZero();
        assertThat(bytes(writer.write("/nix/var/nix", paths(), TIME + 1).get(0))).isNotEqualTo(first);
        try (var left = Files.list(tmp)) {
            assertThat(left).as("temporary files are removed").isEmpty();
        }
    }

    @Test
    void goldenDigestPinsTheBytes() throws IOException {
        // Changes when sqlite-jdbc's SQLite changes (its version is in the file header): then images change too.
        byte[] db = bytes(new NixDatabaseWriter(tmp).write("/nix/var/nix", paths(), TIME).get(0));
        assertThat(Digest.ofBytes(db)).hasToString("sha256:edc2bf456c47dc057310de8921de5bc438ce63a220ed91c6d43339303b2b31a1");
    }

    @Test
    void returnsTheDatabaseAndSchemaFilesUnderTheStateDir() throws IOException {
        List<FileSpec> files = new NixDatabaseWriter(tmp).write("/nix/var/nix", paths(), TIME);
        assertThat(files).extracting(FileSpec::path).containsExactly("/nix/var/nix/db/db.sqlite", "/nix/var/nix/db/schema");
        assertThat(new String(files.get(1).bytes(), StandardCharsets.US_ASCII)).isEqualTo("10");
        assertThat(files).extracting(FileSpec::modeBits).containsOnly(0644);
    }

    @Test
    void rejectsAReferenceToAnUnregisteredPath() {
        List<ValidPath> missing = List.of(paths().get(1));
        assertThatThrownBy(() -> new NixDatabaseWriter(tmp).write("/nix/var/nix", missing, TIME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
    }

    private static List<ValidPath> paths() {
        return List.of(
                new ValidPath(new PathInfo(A, Digest.parse("sha256:340b98805e913c0a37451feb3f12b58d3390ad028db3cea1259a23ea331b8935"), 120, List.of()),
                        Optional.of("text:sha256:1ylsjqlp1i4a8cw8vq3pvz74c58sp1qmdp993qj4gnf6qp0fm12r")),
                ValidPath.of(new PathInfo(B, Digest.parse("sha256:7517904d050e886f2760cdc91e6ed09043277bd390cdea615b111f80696a1f10"), 240, List.of(A))),
                ValidPath.of(new PathInfo(C, Digest.parse("sha256:a97073d9b4f97fd2be70793b65bd3008ad39bae069a203063097ccce2209112a"), 880, List.of(C, A))));
    }

    private Path writeDb(List<ValidPath> paths) throws IOException {
        Path db = tmp.resolve("out.sqlite");
        Files.write(db, bytes(new NixDatabaseWriter(tmp.resolve("work")).write("/nix/var/nix", paths, TIME).get(0)));
        return db;
    }

    private static byte[] bytes(FileSpec f) {
        return f.bytes();
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) cols.add(String.valueOf(rs.getString(i)));
                out.add(String.join("|", cols));
            }
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = NixDatabaseWriterTest.class.getResourceAsStream("/nix-db/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
