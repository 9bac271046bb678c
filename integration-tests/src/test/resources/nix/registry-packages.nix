# The packages of the registry tests' package index: a static busybox (Debian's busybox-static,
# copied into the store) and, on it, stand-ins for bashInteractive, coreutils, moreutils (what the
# `shell` meta-package stands for) and a hello that prints "Hello, world!". Outputs in that order:
# busybox, bash, coreutils, moreutils, hello.
let
  sh = args: builtins.derivation ({ system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin"; } // args);
  busybox = sh { name = "busybox-static-1.35"; args = [ "-c" "mkdir -p $out/bin && cp /bin/busybox $out/bin/busybox" ]; };
  links = name: tools: sh { inherit name; args = [ "-c" "mkdir -p $out/bin && for t in ${tools}; do ln -s ${busybox}/bin/busybox $out/bin/$t; done" ]; };
  hello = sh { name = "hello-2.12"; args = [ "-c" ''
    mkdir -p $out/bin
    printf '#!${busybox}/bin/busybox sh\necho "Hello, world!"\n' > $out/bin/hello
    chmod +x $out/bin/hello
  '' ]; };
in [ busybox (links "bash-interactive-5.2" "bash sh") (links "coreutils-9.5" "cat echo ls") (links "moreutils-0.69" "ts") hello ]
