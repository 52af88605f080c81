// electron-vite turns `import x from './file?modulePath'` into the built file's path (worker threads).
declare module '*?modulePath' {
  const path: string;
  export default path;
}
