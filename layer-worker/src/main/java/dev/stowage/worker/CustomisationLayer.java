package dev.stowage.worker;

import dev.stowage.error.BadInputException;
import dev.stowage.event.CustomisationContent;
import dev.stowage.event.LayerPath;
import dev.stowage.event.LayerTask;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.NixSystem;
import dev.stowage.nix.db.ContentsListing;
import dev.stowage.nix.db.GeneratedStorePath;
import dev.stowage.nix.db.NixImageState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import dev.stowage.nix.FileSystemObjectVisitor;
import dev.stowage.nix.StorePath;
import dev.stowage.nix.StorePathContents;
import dev.stowage.spec.FileSpec;
import dev.stowage.spec.Modes;
import dev.stowage.spec.PermSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The customisation layer: {@code copyToRoot} paths merged into {@code /} as links (directories
 * real, files and symlinks linked into the store, first path wins, as buildEnv), {@code /tmp} and
 * {@code /var/tmp}, fake NSS files, the optional {@code /usr/bin/env}, {@code /bin/sh} and CA
 * bundle links (found in the copyToRoot paths), the spec's literal files (which win over links),
 * then {@code perms}.
 */
final class CustomisationLayer {
    static final String CA_BUNDLE = "/etc/ssl/certs/ca-bundle.crt";
    private final StorePathContents source;

    CustomisationLayer(StorePathContents source) {
        this.source = source;
    }

    RootTree tree(LayerTask task) throws IOException {
        CustomisationContent c = task.customisation();
        List<LayerPath> linked = task.paths();
        RootTree tree = new RootTree();
        Map<StorePath, Set<String>> leaves = new LinkedHashMap<>();
        for (LayerPath p : linked) leaves.put(p.path(), link(tree, p));
        if (c.tmpDirs()) {
            tree.put("tmp", new RootTree.Dir(01777, 0, 0));
            tree.put("var/tmp", new RootTree.Dir(01777, 0, 0));
        }
        if (c.fakeNss() != null) FakeNssFiles.addTo(tree, c.fakeNss());
        if (c.usrBinEnv()) tree.put("usr/bin/env", find(leaves, "usrBinEnv", List.of("bin/env")));
        if (c.binSh()) tree.put("bin/sh", find(leaves, "binSh", List.of("bin/sh", "bin/bash")));
        if (c.caBundle()) {
            tree.put(CA_BUNDLE, find(leaves, "caBundle", List.of("etc/ssl/certs/ca-bundle.crt", "etc/ssl/certs/ca-certificates.crt")));
        }
        if (c.nixDatabase()) addNixDatabase(tree, c, task);
        for (FileSpec f : c.files()) tree.put(f.path(), node(f));
        for (PermSpec perm : c.perms()) applyPerm(tree, perm);
        return tree;
    }

    void write(TarArchiveOutputStream tar, TarRules rules, RootTree tree) throws IOException {
        for (Map.Entry<String, RootTree.Node> e : tree.entries().entrySet()) {
            String name = e.getKey();
            RootTree.Node n = e.getValue();
            if (n instanceof RootTree.Dir d) {
                rules.putDirectory(tar, name, d.mode(), d.uid(), d.gid());
            } else if (n instanceof RootTree.File f) {
                rules.putFile(tar, name, f.mode(), f.uid(), f.gid(), f.bytes().length);
                tar.write(f.bytes());
                tar.closeArchiveEntry();
            } else if (n instanceof RootTree.Link l) {
                rules.putSymlink(tar, name, l.target(), l.uid(), l.gid());
            }
        }
    }

    /**
     * A Nix database registering the closure, and a root profile of the copyToRoot packages whose
     * manifest.nix is itself a store path, so {@code nix} works inside the image.
     */
    private void addNixDatabase(RootTree tree, CustomisationContent c, LayerTask task) throws IOException {
        ClosureGraph closure = ClosureGraph.of(c.registeredPaths());
        Path tmp = Files.createTempDirectory("stowage-nix-db-");
        try {
            NixImageState state = NixImageState.build(closure, c.copyToRoot(), NixSystem.of(task.platform()),
                    new ContentsListing(source, closure), task.mtime().getEpochSecond(), tmp);
            for (GeneratedStorePath g : state.storePaths()) g.tree().accept(new GeneratedPathWriter(tree, g.path().relative()));
            for (FileSpec f : state.files()) tree.put(f.path(), node(f));
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Puts a generated store path into the tree with Nix's canonical modes. */
    private record GeneratedPathWriter(RootTree tree, String prefix) implements FileSystemObjectVisitor {
        private String name(String rel) {
            return rel.isEmpty() ? prefix : prefix + "/" + rel;
        }

        @Override
        public void directory(String rel) {
            tree.put(name(rel), new RootTree.Dir(0555, 0, 0));
        }

        @Override
        public void regularFile(String rel, boolean executable, long size, InputStream contents) throws IOException {
            tree.put(name(rel), new RootTree.File(contents.readNBytes((int) size), executable ? 0555 : 0444, 0, 0));
        }

        @Override
        public void symlink(String rel, String target) {
            tree.put(name(rel), new RootTree.Link(target, 0, 0));
        }
    }

    /** Merges one store path into the tree; returns the relative paths of its files and symlinks. */
    private Set<String> link(RootTree tree, LayerPath p) throws IOException {
        Set<String> leaves = new HashSet<>();
        String storePath = p.path().toString();
        source.accept(p.path(), p.narHash(), p.narSize(), new FileSystemObjectVisitor() {
            @Override
            public void directory(String rel) {
                if (!rel.isEmpty() && !underLink(tree, rel) && !(tree.get(rel) instanceof RootTree.Link)) tree.ensureDir(rel);
            }

            @Override
            public void regularFile(String rel, boolean executable, long size, InputStream contents) {
                leaf(rel);
            }

            @Override
            public void symlink(String rel, String target) {
                leaf(rel);
            }

            private void leaf(String rel) {
                if (rel.isEmpty()) throw new BadInputException(storePath, "a copyToRoot path must be a directory");
                leaves.add(rel);
                if (!underLink(tree, rel)) tree.putIfAbsent(rel, new RootTree.Link(storePath + "/" + rel, 0, 0));
            }
        });
        return leaves;
    }

    private static boolean underLink(RootTree tree, String rel) {
        for (int i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
            if (tree.get(rel.substring(0, i)) instanceof RootTree.Link) return true;
        }
        return false;
    }

    private static RootTree.Link find(Map<StorePath, Set<String>> leaves, String field, List<String> candidates) {
        for (String candidate : candidates) {
            for (Map.Entry<StorePath, Set<String>> e : leaves.entrySet()) {
                if (e.getValue().contains(candidate)) return new RootTree.Link(e.getKey() + "/" + candidate, 0, 0);
            }
        }
        throw new BadInputException(field, "none of the copyToRoot paths has " + String.join(" or ", candidates));
    }

    private static RootTree.Node node(FileSpec f) {
        int uid = f.uid() == null ? 0 : f.uid();
        int gid = f.gid() == null ? 0 : f.gid();
        return switch (f.type()) {
            case FILE -> new RootTree.File(f.bytes(), f.modeBits(), uid, gid);
            case DIRECTORY -> new RootTree.Dir(f.modeBits(), uid, gid);
            case SYMLINK -> new RootTree.Link(f.target(), uid, gid);
        };
    }

    private static void applyPerm(RootTree tree, PermSpec perm) {
        for (Map.Entry<String, RootTree.Node> e : List.copyOf(tree.entries().entrySet())) {
            if (!perm.matches("/" + e.getKey())) continue;
            RootTree.Node n = e.getValue();
            int mode = perm.mode() == null ? n.mode() : Modes.parse(perm.mode(), "perms[].mode");
            tree.replace(e.getKey(), n.withOwner(mode, perm.uid() == null ? n.uid() : perm.uid(), perm.gid() == null ? n.gid() : perm.gid()));
        }
    }
}
