"""Builder of one benchmark store path (run by /bin/sh inside a Nix build, see make-closure.py).

Writes about $size bytes under $out, deterministically from $seed: $textPercent % text-like
(compressible) data, the rest pseudo-random (incompressible) bytes, plus a launcher script, a
symlink and nix-support/propagated-build-inputs naming $deps (which makes them references).
"""
import os
import random

CHUNK = 1 << 20
WORDS = ("the of and to in is that for it as with was on be by this are from at or an have not "
         "which but all were when we there can more if will one would so what their has been out "
         "buffer socket thread config value error return struct static const void index layer "
         "store path hash digest stream compress archive manifest image build worker event").split()


def text(rng, size):
    pool = []
    for _ in range(2048):
        words = rng.choices(WORDS, k=rng.randint(3, 14))
        pool.append(" ".join(words) + (";\n" if rng.random() < 0.3 else ".\n"))
    written = 0
    while written < size:
        block = "".join(rng.choices(pool, k=16384)).encode()[: min(CHUNK, size - written)]
        yield block
        written += len(block)


def noise(rng, size):
    written = 0
    while written < size:
        n = min(CHUNK, size - written)
        yield rng.randbytes(n)
        written += n


def write(path, blocks):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        for b in blocks:
            f.write(b)


def split(rng, total, parts):
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def main():
    out, pname = os.environ["out"], os.environ["pname"]
    rng = random.Random(os.environ["seed"])
    size = int(os.environ["size"])
    text_bytes = size * int(os.environ["textPercent"]) // 100
    deps = os.environ.get("deps", "").split()
    for i, n in enumerate(split(rng, size - text_bytes, rng.randint(1, 3))):
        write(f"{out}/lib/lib{pname}{'' if i == 0 else '-' + str(i)}.so", noise(rng, n))
    for i, n in enumerate(split(rng, text_bytes, rng.randint(1, 4))):
        where = "share/doc" if i % 2 == 0 else "include"
        write(f"{out}/{where}/{pname}/part-{i}.txt", text(rng, n))
    os.symlink(f"lib{pname}.so", f"{out}/lib/lib{pname}.so.1")
    write(f"{out}/nix-support/propagated-build-inputs", [" ".join(deps).encode() + b"\n"])
    script = "#!/bin/sh\n" + "".join(f"# needs {d}\n" for d in deps) + f"echo {pname}\n"
    write(f"{out}/bin/{pname}", [script.encode()])
    os.chmod(f"{out}/bin/{pname}", 0o555)


main()
