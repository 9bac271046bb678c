{
  description = "Stowage: build and ship OCI images from Nix expressions (docs/nix.md)";
  # No inputs: the library is builtins only, so the flake evaluates without network.
  outputs = { self }: let
    systems = [ "x86_64-linux" "aarch64-linux" ];
    forSystems = f: builtins.listToAttrs (map (system: { name = system; value = f system; }) systems);
  in {
    # lib.buildImage / buildLayer / multiArch for the evaluating system; lib.forSystem "aarch64-linux" for another;
    # lib.withPkgs pkgs (and optionally a stowage package) for sandboxed builds with pkgs' shell and coreutils.
    lib = import ./lib.nix { } // {
      forSystem = system: import ./lib.nix { inherit system; };
      withPkgs = pkgs: args: import ./lib.nix ({ inherit pkgs; } // args);
    };
    libs = forSystems (system: import ./lib.nix { inherit system; });
  };
}
