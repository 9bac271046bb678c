package dev.stowage.nix.db;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.FileSystemObjectVisitor;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.StorePathContents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link PackageListing} read through {@link StorePathContents} (a store on disk or a binary
 * cache's NARs), so a worker lists packages the same way whichever source it reads. Each package
 * is visited once, on first use; only entry names are kept, file contents are skipped. Not
 * thread-safe: one instance per image build.
 */
public final class ContentsListing implements PackageListing {
    private final StorePathContents contents;
    private final ClosureGraph closure;
    private final Map<StorePath, Map<String, List<Entry>>> listed = new HashMap<>();

    public ContentsListing(StorePathContents contents, ClosureGraph closure) {
        this.contents = contents;
        this.closure = closure;
    }

    @Override
    public List<Entry> list(StorePath pkg, String relativeDir) throws IOException {
        Map<String, List<Entry>> dirs = listed.get(pkg);
        if (dirs == null) {
            dirs = visit(pkg);
            listed.put(pkg, dirs);
        }
        return dirs.getOrDefault(relativeDir, List.of());
    }

    private Map<String, List<Entry>> visit(StorePath pkg) throws IOException {
        PathInfo info = closure.require(pkg);
        Map<String, List<Entry>> dirs = new HashMap<>();
        contents.accept(pkg, info.narHash(), info.narSize(), new FileSystemObjectVisitor() {
            @Override
            public void directory(String path) {
                add(path, true);
                dirs.put(path, new ArrayList<>());
            }

            @Override
            public void regularFile(String path, boolean executable, long size, InputStream in) throws IOException {
                in.transferTo(OutputStream.nullOutputStream());
                add(path, false);
            }

            @Override
            public void symlink(String path, String target) {
                add(path, false);
            }

            private void add(String path, boolean directory) {
                if (path.isEmpty()) return;
                int slash = path.lastIndexOf('/');
                String parent = slash < 0 ? "" : path.substring(0, slash);
                dirs.get(parent).add(new Entry(path.substring(slash + 1), directory));
            }
        });
        return dirs;
    }
}
