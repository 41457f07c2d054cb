import test from 'ava';
import { BASE_IMAGES, ComposeError } from '../../stack/index.js';
import { chooseBaseImages, type ImageProbe } from '../../stack/compose-images.js';

/** A Docker that has `present` and can pull `pullable`; every other pull fails as it does with no registry. */
function probe(present: string[], pullable: string[] = []): ImageProbe & { pulled: string[] } {
  const pulled: string[] = [];
  return {
    pulled,
    exists: async (image) => present.includes(image),
    pull: async (image) => {
      pulled.push(image);
      return pullable.includes(image) ? undefined : 'dial tcp: lookup registry-1.docker.io: no such host';
    },
  };
}

test('the official images are used when Docker has them, without a pull', async (t) => {
  const docker = probe([BASE_IMAGES.node.official, BASE_IMAGES.nginx.official]);
  t.deepEqual(await chooseBaseImages({}, () => {}, docker), { node: BASE_IMAGES.node.official, nginx: BASE_IMAGES.nginx.official });
  t.deepEqual(docker.pulled, []);
});

test('an official image that can be pulled is pulled and used', async (t) => {
  const docker = probe([], [BASE_IMAGES.node.official, BASE_IMAGES.nginx.official]);
  t.deepEqual(await chooseBaseImages({}, () => {}, docker), { node: BASE_IMAGES.node.official, nginx: BASE_IMAGES.nginx.official });
});

test('with no registry, the offline images from make compose-images are used, and the log says so with the build-arg', async (t) => {
  const lines: string[] = [];
  const chosen = await chooseBaseImages({}, (line) => lines.push(line), probe([BASE_IMAGES.node.local, BASE_IMAGES.nginx.local]));
  t.deepEqual(chosen, { node: BASE_IMAGES.node.local, nginx: BASE_IMAGES.nginx.local });
  t.is(lines.length, 2);
  t.regex(lines[0] ?? '', /^node:\S+ cannot be pulled \(dial tcp.*\); using hosepipe-local\/node:bookworm \(NODE_IMAGE picks another\)$/);
});

test('with no registry and no offline image, the one line says to run make compose-images or set the build-arg', async (t) => {
  const error = await t.throwsAsync(chooseBaseImages({}, () => {}, probe([])), { instanceOf: ComposeError });
  t.regex(error?.message ?? '', /^node:\S+ cannot be pulled \(.*\): run `make compose-images` to build hosepipe-local\/node:bookworm offline, or set NODE_IMAGE to an image you have$/);
  t.false(error?.message.includes('\n'));
});

test('an image named in NODE_IMAGE is used as given; one that cannot be had is an error naming NODE_IMAGE', async (t) => {
  const env = { NODE_IMAGE: 'my/node:20', NGINX_IMAGE: BASE_IMAGES.nginx.local };
  t.deepEqual(await chooseBaseImages(env, () => {}, probe(['my/node:20', BASE_IMAGES.nginx.local])), { node: 'my/node:20', nginx: BASE_IMAGES.nginx.local });
  const error = await t.throwsAsync(chooseBaseImages(env, () => {}, probe([BASE_IMAGES.nginx.local])), { instanceOf: ComposeError });
  t.regex(error?.message ?? '', /^NODE_IMAGE=my\/node:20 cannot be pulled/);
});
