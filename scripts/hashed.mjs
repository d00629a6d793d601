// Which files of a build are content-hashed (trunk names them `name-<hash>.ext`), shared by
// post-build.mjs (the service worker's shell, the JS glue to minify) and e2e/serve.mjs (the
// immutable cache header). Trunk prints the hash as a u64 in hex without leading zeros, so
// about one build in sixteen has 15 digits or fewer: a fixed {16} missed them, and that
// build's service worker kept no wasm (found by the offline tests).
// The split release build's modules and their loader (scripts/split-wasm.mjs) are named the same way.
export const HASHED_ASSET = /-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css|svg)$/;
/** The JS glue: `haixia-portal-<hash>.js`. */
export const HASHED_GLUE = /^haixia-portal-[0-9a-f]{1,16}\.js$/;
/** A page module of the split release build (scripts/split-wasm.mjs): `split-<group>-<hash>.wasm`,
 *  or a chunk they share, `chunk-<n>-<hash>.wasm`. */
export const PAGE_MODULE = /^(split|chunk)-[\w-]+-[0-9a-f]{1,16}\.wasm$/;
