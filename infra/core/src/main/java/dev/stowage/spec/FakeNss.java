package dev.stowage.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Users and groups for {@code /etc/passwd}, {@code /etc/group} and {@code /etc/shadow}, plus an
 * {@code /etc/nsswitch.conf} with {@code hosts: files dns} so {@code /etc/hosts} is honoured.
 * Empty lists mean root and nobody, as dockerTools' fakeNss.
 *
 * <p>Every field ends up in a colon-separated line, so none may hold {@code :}, a newline or any
 * other control character; names follow POSIX's portable user name rules (at most 32 characters),
 * ids are 0…2^31−1, home and shell are absolute paths without {@code .} or {@code ..} segments.
 */
public record FakeNss(List<User> users, List<Group> groups) {
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,30}[a-z0-9_$-]?");
    private static final Pattern GROUP = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    public record User(String name, int uid, int gid, String home, String shell, String description, List<String> groups) {
        public User {
            if (name == null || !USER.matcher(name).matches()) {
                throw new IllegalArgumentException("fakeNss.users: name " + quote(name) + " is not a portable user name ([a-z_][a-z0-9_-]*[$]?, at most 32)");
            }
            String at = "fakeNss.users[" + name + "]";
            id(uid, at + ".uid");
            id(gid, at + ".gid");
            home = home == null ? "/var/empty" : absolute(home, at + ".home");
            shell = shell == null ? "/bin/false" : absolute(shell, at + ".shell");
            description = description == null ? "" : field(description, at + ".description");
            groups = groups == null ? List.of() : List.copyOf(groups);
            for (String g : groups) groupName(g, at + ".groups");
        }
    }

    public record Group(String name, int gid) {
        public Group {
            groupName(name, "fakeNss.groups");
            id(gid, "fakeNss.groups[" + name + "].gid");
        }
    }

    public FakeNss {
        users = users == null || users.isEmpty()
                ? List.of(new User("root", 0, 0, "/root", "/bin/sh", "System administrator", List.of("root")),
                        new User("nobody", 65534, 65534, "/var/empty", "/bin/false", "Unprivileged account", List.of("nobody")))
                : List.copyOf(users);
        groups = groups == null || groups.isEmpty()
                ? List.of(new Group("root", 0), new Group("nobody", 65534))
                : List.copyOf(groups);
        Set<String> seen = new HashSet<>();
        for (User u : users) {
            if (!seen.add(u.name())) throw new IllegalArgumentException("fakeNss.users: " + u.name() + " is listed twice");
        }
        seen.clear();
        for (Group g : groups) {
            if (!seen.add(g.name())) throw new IllegalArgumentException("fakeNss.groups: " + g.name() + " is listed twice");
        }
    }

    private static void groupName(String name, String at) {
        if (name == null || !GROUP.matcher(name).matches()) {
            throw new IllegalArgumentException(at + ": group name " + quote(name) + " is not a portable name ([a-z_][a-z0-9_-]*, at most 32)");
        }
    }

    private static void id(int id, String at) {
        if (id < 0) throw new IllegalArgumentException(at + " must be 0 to 2147483647, got " + id);
    }

    /** A field of a colon-separated line: no {@code :} and no control character. */
    private static String field(String value, String at) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':' || Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(at + " must not contain ':', a newline or a control character, got " + quote(value));
            }
        }
        return value;
    }

    private static String absolute(String path, String at) {
        field(path, at);
        if (!path.startsWith("/")) throw new IllegalArgumentException(at + " must be an absolute path, got " + quote(path));
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && path.length() > 1)) {
                throw new IllegalArgumentException(at + " must be a normal absolute path (no '.', '..' or '//'), got " + quote(path));
            }
        }
        return path;
    }

    /** A value shown in an error on one line: control characters as {@code \\uXXXX}. */
    static String quote(String s) {
        if (s == null) return "(missing)";
        StringBuilder b = new StringBuilder("'");
        s.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return b.append(s.codePointCount(0, s.length()) > 80 ? "…'" : "'").toString();
    }
}
