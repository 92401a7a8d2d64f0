// SuccessionKit: checked, recorded succession work (承継工事) for オンライン資格確認 terminals.
// The public API is documented in Docs.docc; each concept lives in its own file.
