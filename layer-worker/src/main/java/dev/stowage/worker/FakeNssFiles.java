package dev.stowage.worker;

import dev.stowage.spec.FakeNss;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders /etc/passwd, /etc/group, /etc/shadow and /etc/nsswitch.conf from a {@link FakeNss}. */
final class FakeNssFiles {
    /** {@code hosts: files dns} so /etc/hosts is honoured: glibc's default without the file asks DNS first. */
    static final String NSSWITCH = "passwd:    files\ngroup:     files\nshadow:    files\n\nhosts:     files dns\nnetworks:  files\n\n"
            + "ethers:    files\nservices:  files\nprotocols: files\nrpc:       files\n";

    private FakeNssFiles() {}

    static void addTo(RootTree tree, FakeNss nss) {
        StringBuilder passwd = new StringBuilder();
        StringBuilder shadow = new StringBuilder();
        Map<String, List<String>> members = new TreeMap<>();
        for (FakeNss.User u : nss.users()) {
            passwd.append(u.name()).append(":x:").append(u.uid()).append(':').append(u.gid()).append(':')
                    .append(u.description()).append(':').append(u.home()).append(':').append(u.shell()).append('\n');
            shadow.append(u.name()).append(":!:1::::::\n");
            for (String g : u.groups()) members.computeIfAbsent(g, k -> new ArrayList<>()).add(u.name());
        }
        StringBuilder group = new StringBuilder();
        for (FakeNss.Group g : nss.groups()) {
            group.append(g.name()).append(":x:").append(g.gid()).append(':')
                    .append(String.join(",", members.getOrDefault(g.name(), List.of()))).append('\n');
        }
        tree.put("etc/passwd", file(passwd, 0644));
        tree.put("etc/group", file(group, 0644));
        tree.put("etc/shadow", file(shadow, 0640));
        tree.put("etc/nsswitch.conf", file(new StringBuilder(NSSWITCH), 0644));
        for (FakeNss.User u : nss.users()) {
            if (u.home().startsWith("/") && u.home().length() > 1) tree.ensureDir(u.home());
        }
    }

    private static RootTree.File file(CharSequence text, int mode) {
        return new RootTree.File(text.toString().getBytes(StandardCharsets.UTF_8), mode, 0, 0);
    }
}
