package dev.stowage.assembler;

import dev.stowage.oci.ContainerConfig;
import dev.stowage.oci.ImageConfig;
import dev.stowage.spec.BaseImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a base image's config combines with the spec's, as dockerTools does with {@code fromImage}:
 * Env is merged per variable (the spec wins, the base's order is kept, new variables follow),
 * maps (Labels, ExposedPorts, Volumes) are merged with the spec winning, and every other field is
 * the base's unless the spec sets it.
 */
final class BaseConfigMerge {
    private BaseConfigMerge() {}

    static ContainerConfig merge(ContainerConfig base, ContainerConfig spec) {
        if (base == null) return spec;
        return new ContainerConfig(env(base.env(), spec.env()),
                spec.cmd() != null ? spec.cmd() : base.cmd(),
                spec.entrypoint() != null ? spec.entrypoint() : base.entrypoint(),
                spec.workingDir() != null ? spec.workingDir() : base.workingDir(),
                spec.user() != null ? spec.user() : base.user(),
                merged(base.exposedPorts(), spec.exposedPorts()),
                merged(base.labels(), spec.labels()),
                merged(base.volumes(), spec.volumes()),
                spec.stopSignal() != null ? spec.stopSignal() : base.stopSignal());
    }

    static List<String> env(List<String> base, List<String> spec) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String e : base) vars.put(e.substring(0, e.indexOf('=')), e);
        for (String e : spec) vars.put(e.substring(0, e.indexOf('=')), e);
        return new ArrayList<>(vars.values());
    }

    private static <V> Map<String, V> merged(Map<String, V> base, Map<String, V> spec) {
        Map<String, V> m = new TreeMap<>(base);
        m.putAll(spec);
        return m;
    }

    /** The base's history for its layers; a plain entry per layer when it has none. */
    static List<ImageConfig.History> history(BaseImage base) {
        List<ImageConfig.History> h = base.config().history();
        if (h != null && !h.isEmpty()) return h;
        List<ImageConfig.History> out = new ArrayList<>();
        for (int i = 0; i < base.layers().size(); i++) {
            out.add(new ImageConfig.History(base.config().created(), "stowage", "base image " + base.reference(), false));
        }
        return out;
    }
}
