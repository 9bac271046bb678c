package dev.stowage.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.nix.ClosureGraph;
import dev.stowage.nix.PathInfo;
import dev.stowage.nix.StorePath;
import dev.stowage.oci.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AutoLayeringTest {
    private static final long MB = 1 << 20;

    /** name -> size in MB and references. */
    private static ClosureGraph graph(Map<String, Long> sizes, String... edges) {
        Map<String, List<String>> refs = new LinkedHashMap<>();
        sizes.keySet().forEach(n -> refs.put(n, new ArrayList<>()));
        for (String e : edges) refs.get(e.split("->")[0]).add(e.split("->")[1]);
        List<PathInfo> infos = new ArrayList<>();
        refs.forEach((n, rs) -> infos.add(new PathInfo(Graphs.path(n), Digest.ofBytes(n.getBytes()), sizes.get(n) * MB,
                rs.stream().map(Graphs::path).toList())));
        return ClosureGraph.of(infos);
    }

    private static final Map<String, Long> SIZES = new LinkedHashMap<>(Map.of(
            "app", 5L, "python", 120L, "perl", 60L, "glibc", 30L, "openssl", 8L, "zlib", 1L,
            "pyyaml", 2L, "libyaml", 1L, "perl-json", 1L, "tzdata", 3L));
    private static final String[] EDGES = {"app->python", "app->perl", "app->tzdata", "python->glibc", "python->openssl",
            "python->zlib", "python->pyyaml", "pyyaml->libyaml", "perl->glibc", "perl->perl-json", "openssl->glibc", "zlib->glibc",
            "libyaml->glibc"};

    private static List<Set<String>> names(List<PlannedLayer> layers) {
        return layers.stream().map(l -> l.paths().stream().map(PathInfo::path).map(StorePath::name).collect(Collectors.toSet())).toList();
    }

    @Test
    void onePathPerLayerWhenTheBudgetAllows() {
        List<PlannedLayer> layers = AutoLayering.group(graph(SIZES, EDGES), List.of(Graphs.path("app")), 20, 0);
        assertThat(layers).hasSize(10).allSatisfy(l -> assertThat(l.paths()).hasSize(1));
    }

    @Test
    void largestPathsStartLayersAndDependenciesGroupByTheirUsers() {
        List<PlannedLayer> layers = AutoLayering.group(graph(SIZES, EDGES), List.of(Graphs.path("app")), 7, 0);
        List<Set<String>> n = names(layers);
        assertThat(n).hasSize(7);
        // The four largest each alone; the rest grouped by which of them use it.
        assertThat(n).contains(Set.of("python"), Set.of("perl"), Set.of("glibc"), Set.of("openssl"));
        assertThat(n).contains(Set.of("zlib", "pyyaml", "libyaml"), Set.of("perl-json"), Set.of("app", "tzdata"));
        // Dependencies first: glibc's layer comes before python's and perl's.
        assertThat(n.indexOf(Set.of("glibc"))).isLessThan(n.indexOf(Set.of("python")));
        assertThat(n.indexOf(Set.of("glibc"))).isLessThan(n.indexOf(Set.of("perl")));
        assertThat(n.indexOf(Set.of("perl-json"))).isLessThan(n.indexOf(Set.of("perl")));
        assertThat(n.indexOf(Set.of("app", "tzdata"))).isEqualTo(6);
        assertThat(layers.stream().flatMap(l -> l.paths().stream()).count()).isEqualTo(10);
    }

    @Test
    void addingASmallLeafMovesNoOtherLayer() {
        List<Set<String>> before = names(AutoLayering.group(graph(SIZES, EDGES), List.of(Graphs.path("app")), 5, 0));
        Map<String, Long> sizes = new LinkedHashMap<>(SIZES);
        sizes.put("hello", 1L);
        List<String> edges = new ArrayList<>(List.of(EDGES));
        edges.add("app->hello");
        List<Set<String>> after = names(AutoLayering.group(graph(sizes, edges.toArray(String[]::new)), List.of(Graphs.path("app")), 5, 0));
        assertThat(after).hasSameSizeAs(before);
        List<Set<String>> unchanged = after.stream().filter(l -> !l.contains("hello")).toList();
        assertThat(unchanged).hasSize(before.size() - 1);
        assertThat(before).containsAll(unchanged);
        // and in the same order
        assertThat(before.stream().filter(unchanged::contains).toList()).isEqualTo(unchanged);
    }

    @Test
    void maxLayerSizeSplitsBigGroupsWhileTheBudgetAllows() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        List<String> edges = new ArrayList<>();
        sizes.put("root", 1L);
        for (int i = 0; i < 40; i++) {
            sizes.put("lib" + i, 10L);
            edges.add("root->lib" + i);
        }
        ClosureGraph g = graph(sizes, edges.toArray(String[]::new));
        List<PlannedLayer> unsplit = AutoLayering.group(g, List.of(Graphs.path("root")), 10, 0);
        assertThat(unsplit.stream().mapToLong(PlannedLayer::narBytes).max().getAsLong()).isGreaterThan(65 * MB);
        List<PlannedLayer> split = AutoLayering.group(g, List.of(Graphs.path("root")), 10, 65 * MB);
        assertThat(split).hasSizeLessThanOrEqualTo(10);
        assertThat(split.stream().mapToLong(PlannedLayer::narBytes).sum()).isEqualTo(401 * MB);
        // 401 MB cannot fit 10 layers of 65 MB minus the large ones; the split goes as far as the budget allows
        List<PlannedLayer> roomy = AutoLayering.group(g, List.of(Graphs.path("root")), 30, 65 * MB);
        assertThat(roomy).allSatisfy(l -> assertThat(l.narBytes()).isLessThanOrEqualTo(65 * MB));
    }
}
