// The lemma list follows the chosen area: only that area's lemmas can be picked.
// Without JavaScript every lemma of the person's own areas stays listed; the server checks.
(function () {
  var area = document.getElementById("terrein");
  var lemma = document.getElementById("lemma");
  if (!area || !lemma) { return; }
  function follow() {
    var groups = lemma.querySelectorAll("optgroup");
    for (var i = 0; i < groups.length; i++) {
      var on = !area.value || groups[i].getAttribute("data-terrein") === area.value;
      groups[i].hidden = !on;
      groups[i].disabled = !on;
    }
    var chosen = lemma.options[lemma.selectedIndex];
    if (chosen && chosen.parentNode.disabled) { lemma.value = ""; }
  }
  area.addEventListener("change", follow);
  follow();
})();
