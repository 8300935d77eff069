import { defineConfig } from 'vite';

/**
 * Two builds from one config:
 * - `vite build` — the npm entry points: ES modules that keep lit, marked, dompurify as imports (dist/esm);
 * - `vite build --mode bundle` — the self-contained script-tag bundle, everything inside (dist/sse-chat.bundle.js).
 * Type declarations come from `tsc --emitDeclarationOnly`.
 */
export default defineConfig(({ mode }) => {
  if (mode === 'bundle') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        minify: true,
        sourcemap: true,
        lib: { entry: 'src/define.ts', formats: ['es'], fileName: () => 'sse-chat.bundle.js' },
        // Lib mode keeps whitespace in ES output; the script-tag bundle wants every byte gone.
        rollupOptions: { output: { inlineDynamicImports: true, minify: true } },
      },
    };
  }
  return {
    build: {
      outDir: 'dist/esm',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry: { index: 'src/index.ts', define: 'src/define.ts', 'cli/check': 'src/cli/check.ts' }, formats: ['es'] },
      rollupOptions: {
        external: id => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:/.test(id),
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  };
});
