// Svelte 5 reads TypeScript in <script lang="ts"> natively; no preprocessor needed.
/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  compilerOptions: {
    runes: true,
  },
};
