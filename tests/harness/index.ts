// The integration test harness: real registry, fixture images, real dockerd, and small utilities.
// See README.md in this folder for usage and guarantees.
export { startRegistry, type Registry, type RegistryOptions } from "./start-registry.js";
export { startDockerd, type Dockerd, type DockerdOptions, type DockerdTcp } from "./start-dockerd.js";
export {
  buildFixtureImages,
  pushFixtures,
  busyboxLayerEntries,
  FIXTURE_NAMES,
  FIXTURE_TAG,
  HTTPD_INDEX_HTML,
  type FixtureName,
  type Fixtures,
} from "./fixture-images.js";
export { buildImage, buildImageIndex, MEDIA_TYPES, type BuiltImage, type BuiltIndex, type ImageSpec, type ContainerConfig, type Platform } from "./build-image.js";
export { buildLayer, readDirEntries, sha256, FIXTURE_TIME, type LayerEntry, type BuiltLayer } from "./build-layer.js";
export { pushImage, pushBlob, type PushedImage, type RegistryTarget } from "./push-image.js";
export { seededBytes } from "./seeded-bytes.js";
export { dockerCli, DOCKER_CLI } from "./docker-cli.js";
export { freePort } from "./free-port.js";
export { tempDir, type TempDir } from "./temp-dir.js";
export { runCommand, type CommandResult } from "./run-command.js";
export { waitFor, sleep } from "./wait-for.js";
export { HarnessError, type HarnessErrorKind } from "./harness-error.js";
export { writeBusyboxRootfs } from "./busybox-rootfs.js";
