/**
 * The page `convolab serve` answers when the editor is opened without the start token (a
 * bookmark, a link from an earlier start, the bare address): it says how to get in instead of
 * loading an editor that cannot reach its engine, and how to open a share link (Share › Copy
 * link in a `serve` page copies the address without the token, which lands here). Static, no script, so the same
 * Content-Security-Policy holds.
 */
export function frontDoorPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Convolab: open the link convolab serve printed</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; background: #15171c; color: #e6e8ee; margin: 0; }
  main { max-width: 40rem; margin: 12vh auto; padding: 0 1.5rem; }
  h1 { font-size: 1.4rem; }
  code { background: #252932; padding: 0.1rem 0.35rem; border-radius: 4px; }
</style>
</head>
<body>
<main>
  <h1>This address needs the link that <code>convolab serve</code> printed</h1>
  <p>Each time <code>convolab serve</code> starts, it prints a link that carries a fresh key
  (<code>http://127.0.0.1:PORT/?token=…</code>). Links from an earlier start stop working.</p>
  <p>Open the link shown in the terminal where <code>convolab serve</code> runs, or start it
  with <code>convolab serve --open</code> to have it open the editor in your browser.</p>
  <p>Opened a shared graph (an address with <code>#graph=…</code> in it)? Its graph is still in
  this address: copy it from the address bar, open the editor by the printed link, and paste it
  there (Ctrl+V, ⌘V on a Mac). It opens as an untitled copy.</p>
</main>
</body>
</html>
`;
}
