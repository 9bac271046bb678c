package dev.stowage.fleet;

import dev.stowage.event.BuildIds;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fleet rebuild ids ({@code f-<20 hex>}) and the build ids of their images ({@code <fleet>.<n>}):
 * any stage's event of an image build names the fleet rebuild it belongs to.
 */
public final class FleetIds {
    private static final Pattern IMAGE_BUILD = Pattern.compile("(f-[0-9a-f]{20})\\.([0-9]+)");

    private FleetIds() {}

    public static String random() {
        return "f-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    public static String imageBuild(String fleetId, int n) {
        return BuildIds.check(fleetId + "." + n);
    }

    /** The fleet rebuild an image build belongs to, if it is one. */
    public static Optional<String> fleetOf(String buildId) {
        Matcher m = IMAGE_BUILD.matcher(buildId);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
