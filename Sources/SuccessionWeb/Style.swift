/// The page's only style sheet, served at `/style.css`: no CDN, no web font; one column on a
/// phone, a wider one on a laptop.
enum Style {
    static let css = """
        :root { --ink: #15202b; --muted: #5b6670; --line: #c9d1d9; --blue: #1a4d8f; --green: #11602a;
          --red: #8a1c17; --paper: #ffffff; --back: #f3f5f8; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--back); color: var(--ink); line-height: 1.5;
          font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; font-size: 16px; }
        .bar { display: flex; justify-content: space-between; align-items: center; padding: 8px 12px;
          background: var(--blue); color: #fff; }
        .bar a { color: #fff; }
        .brand { font-weight: bold; }
        main { max-width: 860px; margin: 0 auto; padding: 12px; }
        h1 { font-size: 1.3rem; margin: 0.2rem 0 0.5rem; }
        h3 { font-size: 0.95rem; margin: 0.6rem 0 0.2rem; color: var(--muted); }
        a { color: var(--blue); }
        .summary, .done-box, .refused, form.start { background: var(--paper); border: 1px solid var(--line);
          border-radius: 8px; padding: 10px 12px; margin-bottom: 12px; }
        .codes { margin: 0; font-variant-numeric: tabular-nums; }
        .codes .code { white-space: nowrap; font-weight: bold; }
        .completion { display: inline-block; font-weight: bold; padding: 2px 8px; border-radius: 4px; margin: 6px 0; }
        .completion.complete { background: #dff3e2; color: var(--green); }
        .completion.incomplete { background: #fdf1d8; color: #6b4b00; }
        .links { display: flex; flex-wrap: wrap; gap: 6px 16px; }
        .done-box { border-color: var(--green); }
        .done-box p { margin-top: 0; }
        ol.steps { list-style: none; margin: 0; padding: 0; }
        .step { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 6px; }
        .step.current { border: 2px solid var(--blue); }
        .step summary { display: flex; flex-wrap: wrap; gap: 2px 10px; align-items: baseline; padding: 8px 10px;
          cursor: pointer; }
        .step .mark { font-weight: bold; min-width: 1.6em; }
        .step .title { flex: 1 1 12em; }
        .step .state { font-size: 0.85rem; padding: 0 6px; border-radius: 4px; background: #eceff3; }
        .step.done .state, .step.notNeeded .state { background: #dff3e2; color: var(--green); }
        .step.failed .state { background: #fde2e1; color: var(--red); font-weight: bold; }
        .step.skipped .state { background: #eee; color: var(--muted); }
        .step .how { font-size: 0.8rem; color: var(--muted); }
        .step details > :not(summary) { margin-left: 10px; margin-right: 10px; }
        .manual ol, .manual ul { padding-left: 1.4em; margin: 0.2rem 0; }
        .manual li { margin: 0.15rem 0; }
        ul.cautions li { color: #6b4b00; }
        ul.details { color: var(--muted); }
        form.question { border-top: 1px solid var(--line); margin-top: 8px; padding: 8px 0 10px; }
        .prompt { display: block; font-weight: bold; margin-bottom: 4px; }
        .subject { display: inline-block; margin-left: 6px; font-family: monospace; background: #eef2f8;
          padding: 0 4px; border-radius: 3px; }
        .hint { display: block; font-size: 0.85rem; color: var(--muted); }
        .qid { font-size: 0.75rem; color: var(--muted); margin: 4px 0 0; }
        .problem, .problems .problem { color: var(--red); font-weight: bold; }
        .problems { padding-left: 1.2em; }
        .warning { color: #6b4b00; }
        p.problem { background: #fde2e1; border-left: 4px solid var(--red); padding: 4px 8px; margin: 4px 0; }
        input[type=text], input[type=password], textarea { width: 100%; font-size: 1.05rem; padding: 8px;
          border: 1px solid #8b96a1; border-radius: 6px; font-family: inherit; }
        textarea { font-family: monospace; }
        input:focus, textarea:focus { outline: 3px solid #9cc1ef; }
        .field { display: flex; flex-direction: column; gap: 6px; }
        .choices { display: flex; flex-wrap: wrap; gap: 8px; }
        button, a.button { font-size: 1rem; padding: 10px 18px; border-radius: 6px; border: 1px solid var(--blue);
          background: var(--blue); color: #fff; cursor: pointer; text-decoration: none; display: inline-block;
          font-family: inherit; }
        button.choice { min-width: 6em; }
        button.send { align-self: flex-start; }
        button.secondary { background: #fff; color: var(--blue); padding: 6px 12px; font-size: 0.9rem; }
        form.redo { margin: 6px 0 10px; }
        .again { display: flex; flex-wrap: wrap; gap: 0 10px; }
        .notice { border-top: 1px solid var(--line); padding-top: 4px; }
        .stopped { border-top: 1px solid var(--line); margin-top: 8px; padding: 8px 0; }
        .stop-heading { font-weight: bold; color: var(--red); }
        form.start .row { margin-bottom: 8px; }
        form.start label { display: block; font-weight: bold; }
        form.start label.check { font-weight: normal; margin: 8px 0; }
        input[type=file] { width: 100%; font-size: 1rem; padding: 6px 0; }
        @media (min-width: 720px) {
          body { font-size: 15px; }
          main { padding: 20px; }
          .step summary { padding: 8px 14px; }
        }
        @media print { .bar, form { display: none; } }
        """
}
