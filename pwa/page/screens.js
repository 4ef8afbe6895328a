// A domain's screens are imported when one is first opened, not with the shell:
// the first screen (enrolment, sign-in) then needs only the shell's own modules,
// and a phone on a slow link shows it sooner. Offline nothing changes: the
// service worker precaches every domain's files (lib/shell.js DOMAIN_FILES).
//
//   const rounds = screens(() => import("./rounds.js"));
//   routes: [[/^#\/patrol$/, rounds("roundsView"), "ready"], ...]
//
// A view stands in for the module's own until then (render, live, leave: what
// page/app.js reads of a view); the module is imported once.
export function screens(load) {
  let module = null;
  const loaded = async () => (module ??= await load());
  return (name) => ({
    async render(...params) { return (await loaded())[name].render(...params); },
    get live() { return module?.[name].live; },
    leave() { module?.[name].leave?.(); },
  });
}

// A section's items (page/sections.js) read by a module imported when first needed.
export const later = (load, name) => async (...args) => (await load())[name](...args);
