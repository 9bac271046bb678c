package dev.stowage.nix.db;

import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.spec.FileSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Writes the Nix 2.8 store database ({@code <stateDir>/db/db.sqlite}, schema version 10, and the
 * {@code schema} file) registering a closed set of valid paths, without running Nix.
 *
 * <p>The bytes depend only on the input: rows are inserted in path order (so ids are 1..n in path
 * order), references in (referrer, reference) order, with a fixed page size, a rollback journal
 * (no WAL: Nix switches the file to WAL itself when it first opens it for writing), and the file
 * is rebuilt by {@code VACUUM INTO} a fresh file, which leaves no free pages or stale bytes.
 */
public final class NixDatabaseWriter {
    /** Nix 2.8's {@code nixSchemaVersion}. */
    public static final int SCHEMA_VERSION = 10;
    public static final String DEFAULT_STATE_DIR = "/nix/var/nix";

    private final Path tempDir;

    /** {@code tempDir} holds the database while it is written; the files are deleted afterwards. */
    /**
     * The SQLite engine that writes the database file: its bytes depend on it, so it is part of
     * the key under which a layer holding the database is cached.
     */
    public static String engine() {
        return "sqlite-jdbc " + SQLiteJDBCLoader.getVersion();
    }

    public NixDatabaseWriter(Path tempDir) {
        this.tempDir = tempDir;
    }

    /**
     * The database files, as literal image files under {@code stateDir} (e.g. {@code /nix/var/nix}).
     *
     * @param registrationTime seconds since the epoch recorded for every path (the image's mtime)
     * @throws IllegalArgumentException when a path is listed twice or references an unlisted path
     */
    public List<FileSpec> write(String stateDir, Collection<ValidPath> paths, long registrationTime) throws IOException {
        List<ValidPath> sorted = paths.stream().sorted(Comparator.comparing(v -> v.info().path())).toList();
        byte[] db = database(sorted, registrationTime);
        String dbDir = stateDir + "/db";
        return List.of(
                file(dbDir + "/db.sqlite", Base64.getEncoder().encodeToString(db)),
                file(dbDir + "/schema", Base64.getEncoder().encodeToString(
                        Integer.toString(SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII))));
    }

    private static FileSpec file(String path, String base64) {
        return new FileSpec(path, FileSpec.Type.FILE, null, null, base64, null, "0644", 0, 0);
    }

    private byte[] database(List<ValidPath> sorted, long registrationTime) throws IOException {
        Path work = Files.createTempDirectory(Files.createDirectories(tempDir), "nix-db");
        Path scratch = work.resolve("scratch.sqlite");
        Path result = work.resolve("db.sqlite");
        try {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + scratch)) {
                try (Statement s = c.createStatement()) {
                    s.execute("pragma page_size = 4096");
                    s.execute("pragma journal_mode = delete");
                    s.execute("pragma foreign_keys = on");
                    s.executeUpdate(schema());
                }
                c.setAutoCommit(false);
                insert(c, sorted, registrationTime);
                c.commit();
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("vacuum into '" + result.toString().replace("'", "''") + "'");
                }
            }
            return Files.readAllBytes(result);
        } catch (SQLException e) {
            throw new IOException("cannot write the Nix database: " + e.getMessage(), e);
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(work);
        }
    }

    private static void insert(Connection c, List<ValidPath> sorted, long registrationTime) throws SQLException {
        Map<StorePath, Long> ids = new HashMap<>();
        try (PreparedStatement row = c.prepareStatement(
                "insert into ValidPaths (id, path, hash, registrationTime, deriver, narSize, ultimate, sigs, ca) "
                        + "values (?, ?, ?, ?, null, ?, null, null, ?)")) {
            for (ValidPath v : sorted) {
                PathInfo info = v.info();
                if (ids.containsKey(info.path())) throw new IllegalArgumentException(info.path() + " is listed twice");
                long id = ids.size() + 1L;
                row.setLong(1, id);
                row.setString(2, info.path().toString());
                row.setString(3, info.narHash().toString());
                row.setLong(4, registrationTime);
                if (info.narSize() != 0) row.setLong(5, info.narSize());
                else row.setNull(5, Types.INTEGER);
                row.setString(6, v.contentAddress().orElse(null));
                row.executeUpdate();
                ids.put(info.path(), id);
            }
        }
        try (PreparedStatement ref = c.prepareStatement("insert into Refs (referrer, reference) values (?, ?)")) {
            for (ValidPath v : sorted) {
                List<Long> targets = new ArrayList<>();
                for (StorePath r : v.info().references()) {
                    Long id = ids.get(r);
                    if (id == null) throw new IllegalArgumentException(v.info().path() + " references " + r + ", which is not registered");
                    targets.add(id);
                }
                targets.sort(null);
                for (long target : targets) {
                    ref.setLong(1, ids.get(v.info().path()));
                    ref.setLong(2, target);
                    ref.executeUpdate();
                }
            }
        }
    }

    private static String schema() throws IOException {
        try (InputStream in = NixDatabaseWriter.class.getResourceAsStream("schema.sql")) {
            if (in == null) throw new IOException("schema.sql is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
