# The image of image-lib.nix through Stowage's flake (nix/flake.nix, a path: input the test fills in).
{
  inputs.stowage.url = "path:@STOWAGE_NIX@";
  outputs = { self, stowage }: let
    system = "x86_64-linux";
    fixture = import ./image-lib.nix { stowageLib = stowage.libs.${system}; registry = "@REGISTRY@"; inherit system; };
  in {
    packages.${system} = { inherit (fixture) image app; default = fixture.image; };
  };
}
