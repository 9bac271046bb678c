package dev.stowage.nix;

import dev.stowage.blob.DigestingOutputStream;
import dev.stowage.oci.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A small file system object tree made in memory (a generated store path such as a profile or a
 * {@code manifest.nix}): a regular file, a symlink or a directory of named entries. It is fed to a
 * {@link FileSystemObjectVisitor} in NAR order, so it can be written as a NAR or into a layer.
 */
public sealed interface GeneratedTree {
    /** Byte order of the UTF-8 names, the order of NAR directory entries. */
    Comparator<String> NAME_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** The NAR hash and size of a tree. */
    record Nar(Digest hash, long size) {}

    record File(byte[] contents, boolean executable) implements GeneratedTree {
        public File {
            contents = contents.clone();
        }

        @Override
        public byte[] contents() {
            return contents.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof File f && f.executable == executable && Arrays.equals(f.contents, contents);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(contents) + Boolean.hashCode(executable);
        }

        @Override
        public String toString() {
            return "File[" + contents.length + " bytes" + (executable ? ", executable]" : "]");
        }
    }

    record Symlink(String target) implements GeneratedTree {
        public Symlink {
            if (target == null || target.isEmpty()) throw new IllegalArgumentException("symlink target is empty");
        }
    }

    record Directory(SortedMap<String, GeneratedTree> entries) implements GeneratedTree {
        public Directory {
            TreeMap<String, GeneratedTree> sorted = new TreeMap<>(NAME_ORDER);
            for (Map.Entry<String, GeneratedTree> e : entries.entrySet()) {
                String name = e.getKey();
                if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("invalid directory entry name '" + name + "'");
                }
                sorted.put(name, e.getValue());
            }
            entries = Collections.unmodifiableSortedMap(sorted);
        }

        public static Directory of(Map<String, GeneratedTree> entries) {
            return new Directory(new TreeMap<>(entries));
        }
    }

    /** Visits the tree in NAR order; the root has path "". */
    default void accept(FileSystemObjectVisitor visitor) throws IOException {
        accept("", visitor);
    }

    private void accept(String path, FileSystemObjectVisitor visitor) throws IOException {
        if (this instanceof File f) {
            visitor.regularFile(path, f.executable(), f.contents.length, new ByteArrayInputStream(f.contents));
        } else if (this instanceof Symlink s) {
            visitor.symlink(path, s.target());
        } else if (this instanceof Directory d) {
            visitor.directory(path);
            for (Map.Entry<String, GeneratedTree> e : d.entries().entrySet()) {
                e.getValue().accept(path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), visitor);
            }
        }
    }

    /** Writes the tree as a NAR. */
    default void writeNar(OutputStream out) throws IOException {
        NarWriter nar = new NarWriter(out);
        accept(nar);
        nar.finish();
    }

    /** The SHA-256 and size of {@link #writeNar}'s output. */
    default Nar nar() {
        DigestingOutputStream digesting = new DigestingOutputStream(OutputStream.nullOutputStream());
        try {
            writeNar(digesting);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing a NAR to memory", e);
        }
        return new Nar(digesting.digest(), digesting.count());
    }
}
