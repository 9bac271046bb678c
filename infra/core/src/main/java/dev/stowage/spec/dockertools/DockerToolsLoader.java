package dev.stowage.spec.dockertools;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stowage.blob.BlobStore;
import dev.stowage.error.BadInputException;
import dev.stowage.json.Json;
import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.ClosureGraphReader;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Descriptor;
import dev.stowage.spec.BaseImageResolver;
import dev.stowage.spec.BuildInput;
import dev.stowage.spec.CacheClosures;
import dev.stowage.spec.CacheSource;
import dev.stowage.spec.ExplicitLayer;
import dev.stowage.spec.ImageSpec;
import dev.stowage.spec.PlatformInput;
import dev.stowage.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a dockerTools {@code conf.json} into a build input. The conf lists store paths only, so
 * their narHash, narSize and references come from a closure file ({@code nix path-info --json -r}
 * of the layers' paths) or a binary cache. The customisation layer's {@code layer.tar} is read from
 * the local file system (under {@code storeRoot} when it is a store path) into {@code store}, and
 * becomes the last layer byte for byte. Every failure is a
 * {@link BadInputException} naming the conf file and field.
 */
public final class DockerToolsLoader {
    private DockerToolsLoader() {}

    public static BuildInput load(Path confFile, Path closureFile, CacheSource cache, Path storeRoot, BaseImageResolver bases,
            CacheClosures caches, BlobStore store) {
        DockerToolsConf conf = read(confFile);
        if (closureFile == null && cache == null) {
            throw new BadInputException("--closure", "a dockerTools conf.json lists store paths only: give --closure FILE "
                    + "(nix path-info --json -r of the store_layers paths) or --cache URL");
        }
        Path base = confFile.toAbsolutePath().getParent();
        try {
            String storeDir = conf.storeDir() == null ? ImageSpec.DEFAULT_STORE_DIR : conf.storeDir();
            String closure = closureFile == null ? null : closureFile.toAbsolutePath().toString();
            Path fromImage = conf.fromImage() == null ? null : onDisk(conf.fromImage(), storeDir, storeRoot, base);
            ImageSpec spec = DockerToolsSpec.of(conf, new DockerToolsSpec.ClosureSource(closure, cache), fromImage == null ? null : fromImage.toString());
            if (closureFile != null) requireInClosure(spec, closureFile);
            if (fromImage != null) requireUncompressedArchive(fromImage);
            BuildInput input = SpecLoader.resolve(spec, confFile, base, bases, caches, null);
            PlatformInput platform = input.platforms().get(0);
            requireEveryPathInALayer(spec, platform);
            Descriptor tar = customisation(conf, storeDir, storeRoot, base, store);
            return new BuildInput(spec, List.of(platform.withCustomisationTar(tar)));
        } catch (DockerToolsSpec.Refused r) {
            throw new BadInputException(confFile + ": " + r.field(), r.getMessage(), r);
        }
    }

    /** Where a path of the conf is: a store path under {@code storeRoot}, anything else relative to {@code base}. */
    private static Path onDisk(String path, String storeDir, Path storeRoot, Path base) {
        return path.startsWith(storeDir + "/") ? storeRoot.resolve(path.substring(1)) : base.resolve(path).toAbsolutePath();
    }

    /** stream_layered_image.py opens any tar; Stowage reads an uncompressed docker archive (gunzip buildImage's .tar.gz first). */
    private static void requireUncompressedArchive(Path archive) {
        if (!Files.isRegularFile(archive)) throw new DockerToolsSpec.Refused("from_image", archive + ": no such docker archive");
        try (var in = Files.newInputStream(archive)) {
            if (in.read() == 0x1f && in.read() == 0x8b) {
                throw new DockerToolsSpec.Refused("from_image", archive + " is gzip-compressed; give the uncompressed docker archive (gunzip -c it)");
            }
        } catch (IOException e) {
            throw new DockerToolsSpec.Refused("from_image", "cannot read " + archive + ": " + e.getMessage());
        }
    }

    static DockerToolsConf read(Path confFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(confFile);
        } catch (NoSuchFileException e) {
            throw new BadInputException(confFile.toString(), "no such file", e);
        } catch (IOException e) {
            throw new BadInputException(confFile.toString(), "cannot read: " + e.getMessage(), e);
        }
        try {
            DockerToolsConf conf = Json.reader().readValue(bytes, DockerToolsConf.class);
            if (conf == null) throw new BadInputException(confFile.toString(), "empty conf.json");
            return conf;
        } catch (JsonProcessingException e) {
            throw new BadInputException(confFile.toString(), Json.describe(e), e);
        } catch (IOException e) {
            throw new BadInputException(confFile.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    private static Descriptor customisation(DockerToolsConf conf, String storeDir, Path storeRoot, Path base, BlobStore store) {
        String dir = conf.customisationLayer();
        if (dir == null) throw new DockerToolsSpec.Refused("customisation_layer", "is required");
        Path onDisk = onDisk(dir, storeDir, storeRoot, base);
        try {
            return CustomisationTar.store(onDisk, store);
        } catch (CustomisationTar.Invalid e) {
            throw new DockerToolsSpec.Refused("customisation_layer", e.getMessage());
        }
    }

    private static void requireInClosure(ImageSpec spec, Path closureFile) {
        ClosureGraph graph;
        try {
            graph = ClosureGraphReader.read(Files.readAllBytes(closureFile));
        } catch (NoSuchFileException e) {
            throw new BadInputException("--closure", closureFile + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException("--closure", closureFile + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(closureFile.toString(), e.getMessage(), e);
        }
        List<ExplicitLayer> layers = spec.platforms().get(0).layers();
        for (int i = 0; i < layers.size(); i++) {
            for (StorePath p : layers.get(i).paths()) {
                if (!graph.contains(p)) throw new DockerToolsSpec.Refused("store_layers[" + i + "]", p + " is not in the closure " + closureFile);
            }
        }
    }

    /** stream_layered_image.py packs exactly the listed paths: a referenced path in no layer cannot be honoured. */
    private static void requireEveryPathInALayer(ImageSpec spec, PlatformInput platform) {
        Set<StorePath> listed = new HashSet<>(spec.platforms().get(0).roots());
        for (var info : platform.closure().infos()) {
            for (StorePath ref : info.references()) {
                if (!listed.contains(ref)) {
                    throw new DockerToolsSpec.Refused("store_layers", info.path() + " references " + ref + ", which no layer holds");
                }
            }
        }
    }
}
