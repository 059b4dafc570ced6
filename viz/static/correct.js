/* "Copy a correction": the YAML line of a curation file (kg build --curation FILE) that rejects a relation
   or merges an entity. Names are quoted: a JSON string is a YAML double-quoted scalar once the characters
   YAML reads as line breaks or non-printable are escaped too. */
window.kgCorrect = (function () {
  'use strict';
  function yamlString(v) {
    return JSON.stringify(String(v)).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  function rejectLine(rels, doc) {
    return 'reject: [' + rels.map(function (r) {
      return '{source: ' + yamlString(r.source) + ', type: ' + r.type + ', target: ' + yamlString(r.target) +
        (doc ? ', doc: ' + yamlString(doc) : '') + '}';
    }).join(', ') + ']';
  }
  function mergeLine(into, from) {
    return 'merge: [{into: ' + yamlString(into) + ', from: [' + yamlString(from) + ']}]';
  }
  function copy(text) {
    window.kgCopied = text;
    try {
      if (navigator.clipboard) { navigator.clipboard.writeText(text).catch(function () { /* shown below */ }); }
    } catch (e) { /* a page opened from file:// may not reach the clipboard: the text is shown anyway */ }
    var shown = document.getElementById('kg-copied');
    if (shown) { shown.textContent = '已复制 copied:\n' + text; shown.hidden = false; }
  }
  return { yamlString: yamlString, rejectLine: rejectLine, mergeLine: mergeLine, copy: copy };
})();
