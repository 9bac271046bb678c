package dev.stowage.spec;

import java.util.List;

/**
 * Users and groups for {@code /etc/passwd}, {@code /etc/group} and {@code /etc/shadow}, plus an
 * {@code /etc/nsswitch.conf} with {@code hosts: files dns} so {@code /etc/hosts} is honoured.
 * Empty lists mean root and nobody, as dockerTools' fakeNss.
 */
public record FakeNss(List<User> users, List<Group> groups) {
    public record User(String name, int uid, int gid, String home, String shell, String description, List<String> groups) {
        public User {
            if (name == null || !name.matches("[a-z_][a-z0-9_-]*\\$?")) throw new IllegalArgumentException("fakeNss user name '" + name + "' is not valid");
            home = home == null ? "/var/empty" : home;
            shell = shell == null ? "/bin/false" : shell;
            description = description == null ? "" : description;
            groups = groups == null ? List.of() : List.copyOf(groups);
        }
    }

    public record Group(String name, int gid) {
        public Group {
            if (name == null || !name.matches("[a-z_][a-z0-9_-]*")) throw new IllegalArgumentException("fakeNss group name '" + name + "' is not valid");
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
    }
}
