"""Writes the Nix expression of a benchmark closure (see make-closure.sh).

N store paths totalling about SIZE bytes: a few libc-like paths referenced by most others,
chains and random references to earlier paths, and one root (app-1.0) that references every
path nothing else references, so the closure of the root is all N paths. Deterministic in SEED.
"""
import random
import sys

CORE = [("glibc-2.37", []), ("gcc-libs-12.3.0", [0]), ("zlib-1.3", [0]), ("openssl-3.0.12", [0, 2])]
SYLLABLES = "ba co de fi gu ka lo mi nu pe ra si to vu xe yo za bri cle dro fla gre".split()
PREFIXES = ["lib", "", "", "python3-", "perl-", "lib", "x", ""]


def names(rng, count, taken):
    out = []
    while len(out) < count:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3)))
        name = f"{rng.choice(PREFIXES)}{word}-{rng.randint(0, 9)}.{rng.randint(0, 30)}"
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def graph(rng, n):
    core = CORE[: max(1, min(len(CORE), n // 20))]
    nodes = [(name, deps) for name, deps in core]
    taken = {name for name, _ in core}
    for name in names(rng, n - len(core) - 1, taken):
        i = len(nodes)
        deps = {0} if rng.random() < 0.9 else set()
        deps |= {c for c in range(1, len(core)) if rng.random() < 0.3}
        if i > len(core) and rng.random() < 0.5:
            deps.add(i - 1)
        if i > len(core):
            deps |= set(rng.sample(range(len(core), i), min(i - len(core), rng.randint(0, 3))))
        nodes.append((name, sorted(deps)))
    referenced = {d for _, deps in nodes for d in deps}
    nodes.append(("app-1.0", [i for i in range(len(nodes)) if i not in referenced]))
    return nodes, len(core)


def sizes(rng, n, total, cores):
    weights = [min(rng.paretovariate(1.2), 20.0) * (4 if i < cores else 1) for i in range(n)]
    scale = total / sum(weights)
    return [max(4096, int(w * scale)) for w in weights]


def main(n, total, seed, generator):
    if n < 2:
        raise SystemExit("make-closure: need at least 2 paths")
    rng = random.Random(seed)
    nodes, cores = graph(rng, n)
    print("let")
    print('  mk = { name, pname, seed, size, textPercent, deps }: builtins.derivation {')
    print('    inherit name pname seed size textPercent deps;')
    print('    system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/usr/bin:/bin";')
    print(f'    args = [ "-c" "exec python3 ${{{generator}}}" ];')
    print('  };')
    for i, ((name, deps), size) in enumerate(zip(nodes, sizes(rng, len(nodes), total, cores))):
        pname = name.rsplit("-", 1)[0]
        refs = " ".join(f"p{d}" for d in deps)
        print(f'  p{i} = mk {{ name = "{name}"; pname = "{pname}"; seed = "{seed}-{i}"; size = "{size}"; '
              f'textPercent = "{rng.randint(20, 80)}"; deps = [ {refs} ]; }};')
    print(f"in p{len(nodes) - 1}")


main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4])
