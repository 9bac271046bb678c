package dev.stowage.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.ClosureGraphReader;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.ImageLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an image spec file and the closure files it names into a {@link BuildInput}. Relative
 * paths resolve against the spec's folder. Every failure is a {@link BadInputException} naming
 * the file (and field) at fault.
 */
public final class SpecLoader {
    private SpecLoader() {}

    public static BuildInput load(Path specFile) {
        return load(specFile, BaseImageResolver.none());
    }

    /** As {@link #load(Path)}, resolving {@code fromImage} per platform with {@code bases}. */
    public static BuildInput load(Path specFile, BaseImageResolver bases) {
        return load(specFile, bases, CacheClosures.none(), null, null);
    }

    /**
     * As above, reading platforms' {@code source.cache} with {@code caches}; platforms that name
     * neither a closure file nor a source read from {@code defaultCache} (the command line's
     * {@code --cache}); {@code files[].source} must resolve (symlinks followed) inside {@code
     * filesRoot}, or inside the spec's folder when it is null (the command line's {@code --files-root}).
     */
    public static BuildInput load(Path specFile, BaseImageResolver bases, CacheClosures caches, CacheSource defaultCache, Path filesRoot) {
        return resolve(readSpec(specFile), specFile, specFile.toAbsolutePath().getParent(), bases, caches, defaultCache, filesRoot);
    }

    /**
     * Resolves a spec made elsewhere (e.g. from a dockerTools {@code conf.json}): closure files and
     * local references relative to {@code base}; errors name {@code specFile}.
     */
    public static BuildInput resolve(ImageSpec spec0, Path specFile, Path base, BaseImageResolver bases, CacheClosures caches,
            CacheSource defaultCache) {
        return resolve(spec0, specFile, base, bases, caches, defaultCache, null);
    }

    private static BuildInput resolve(ImageSpec spec0, Path specFile, Path base, BaseImageResolver bases, CacheClosures caches,
            CacheSource defaultCache, Path filesRoot) {
        ImageSpec parsed = spec0.withDefaultSource(defaultCache);
        for (int i = 0; i < parsed.platforms().size(); i++) {
            PlatformSpec p = parsed.platforms().get(i);
            if (p.closure() == null && p.source() == null) {
                throw new BadInputException(specFile + ": platforms[" + i + "]", "needs a closure file, a source, or --cache on the command line");
            }
            if (p.source() != null && p.roots().isEmpty()) {
                throw new BadInputException(specFile + ": platforms[" + i + "].roots", "building from a binary cache needs the root paths");
            }
        }
        ImageSpec spec = parsed.withFiles(resolveFiles(specFile, base, filesRoot == null ? base : filesRoot.toAbsolutePath(), parsed.files()));
        List<PlatformInput> platforms = new ArrayList<>();
        for (int i = 0; i < spec.platforms().size(); i++) {
            PlatformSpec ps = spec.platforms().get(i);
            String field = specFile + ": platforms[" + i + "]";
            Path closureFile = ps.closure() == null ? null : base.resolve(ps.closure());
            ClosureGraph graph = ps.source() == null ? readClosure(closureFile, spec.storeDir()) : walkCache(caches, ps, spec.storeDir(), field);
            String closureName = closureFile != null ? closureFile.toString() : field + ".source.cache";
            graph.cycle().ifPresent(c -> {
                throw new BadInputException(closureName, "store paths reference each other in a cycle, which no Nix closure has: "
                        + String.join(" -> ", c.stream().map(StorePath::toString).toList()));
            });
            List<StorePath> roots = ps.roots().isEmpty() ? graph.unreferenced() : ps.roots();
            requireInClosure(roots, graph, field + ".roots", closureFile);
            requireInClosure(ps.copyToRoot(), graph, field + ".copyToRoot", closureFile);
            for (int l = 0; l < ps.layers().size(); l++) {
                requireInClosure(ps.layers().get(l).paths(), graph, field + ".layers[" + l + "].paths", closureFile);
                requireInClosure(ps.layers().get(l).deps(), graph, field + ".layers[" + l + "].deps", closureFile);
            }
            BaseImage baseImage = spec.fromImage() == null ? null : bases.resolve(resolveLocal(base, spec.fromImage()), ps.platform());
            platforms.add(new PlatformInput(ps.platform(), roots, graph.closureOf(roots), baseImage, ps.source()));
        }
        return new BuildInput(spec, platforms);
    }

    private static ClosureGraph walkCache(CacheClosures caches, PlatformSpec ps, String storeDir, String field) {
        try {
            return caches.walk(ps.source().cache(), storeDir, ps.roots());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(field + ".source.cache", e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(field + ".source.cache", "cannot read " + ps.source().cache() + ": " + e.getMessage(), e);
        }
    }

    /** {@code oci:} and {@code docker-archive:} references are files, relative to the spec's folder. */
    private static String resolveLocal(Path base, String reference) {
        for (String prefix : List.of(ImageLocation.OCI, ImageLocation.DOCKER_ARCHIVE)) {
            if (reference.startsWith(prefix)) return prefix + base.resolve(reference.substring(prefix.length())).normalize();
        }
        return reference;
    }

    private static void requireInClosure(List<StorePath> paths, ClosureGraph graph, String field, Path closureFile) {
        for (StorePath p : paths) {
            if (!graph.contains(p)) throw new BadInputException(field, p + " is not in the closure " + closureFile);
        }
    }

    private static List<FileSpec> resolveFiles(Path specFile, Path base, Path root, List<FileSpec> files) {
        List<FileSpec> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            FileSpec f = files.get(i);
            if (f.source() == null) {
                out.add(f);
                continue;
            }
            String field = specFile + ": files[" + i + "].source";
            Path source = FileSources.confined(field, base, root, f.source());
            try {
                out.add(f.withContents(Files.readAllBytes(source)));
            } catch (IOException e) {
                throw new BadInputException(specFile + ": files[" + i + "].source", "cannot read " + source + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    public static ImageSpec readSpec(Path specFile) {
        byte[] bytes = readFile(specFile);
        try {
            ImageSpec spec = Json.reader().readValue(bytes, ImageSpec.class);
            if (spec == null) throw new BadInputException(specFile.toString(), "empty spec file");
            return spec;
        } catch (JsonProcessingException e) {
            throw new BadInputException(specFile.toString(), Json.describe(e), e);
        } catch (IOException e) {
            throw new BadInputException(specFile.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    static ClosureGraph readClosure(Path file, String storeDir) {
        ClosureGraph graph;
        try {
            graph = ClosureGraphReader.read(readFile(file));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file.toString(), e.getMessage(), e);
        }
        graph.cycle().ifPresent(cycle -> {
            throw new BadInputException(file.toString(), "the references form a cycle: " + cycle.stream().map(StorePath::toString)
                    .collect(Collectors.joining(" -> ")) + " (Nix closures are acyclic apart from self-references)");
        });
        for (StorePath p : graph.paths()) {
            if (!p.storeDir().equals(storeDir)) {
                throw new BadInputException(file.toString(), "store path " + p + " is not in storeDir " + storeDir);
            }
        }
        return graph;
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file.toString(), "no such file", e);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }
}
