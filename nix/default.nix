# `import ./nix { }` gives Stowage's Nix library (builtins only); `import ./nix { inherit pkgs; }`
# builds with pkgs' shell and coreutils; `stowage` is the command the apps run (default: PATH).
{ pkgs ? null, stowage ? null, system ? null }:
import ./lib.nix { inherit pkgs stowage system; }
