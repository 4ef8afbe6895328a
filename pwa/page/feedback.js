// Scan feedback on three channels, because a guard may not be looking, may
// wear gloves, or may be somewhere loud: a full-screen flash with an icon, a
// short tone, and a vibration where the phone has one.
let audio = null;

// Call from a user gesture (e.g. opening the camera) so the tone may play.
export function primeAudio() {
  try {
    audio ??= new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === "suspended") audio.resume().catch(() => {});
  } catch { audio = null; }
}

function tone(ok) {
  if (!audio || audio.state !== "running") return;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = "square";
  osc.frequency.value = ok ? 1320 : 220;
  gain.gain.setValueAtTime(0.15, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + (ok ? 0.12 : 0.35));
  osc.connect(gain).connect(audio.destination);
  osc.start();
  osc.stop(audio.currentTime + (ok ? 0.12 : 0.35));
}

export function signal(ok = true) {
  const flash = document.getElementById("flash");
  if (flash) {
    flash.className = ok ? "flash ok" : "flash bad";
    flash.textContent = ok ? "✓" : "✕";
    flash.hidden = false;
    clearTimeout(signal.timer);
    signal.timer = setTimeout(() => { flash.hidden = true; }, ok ? 350 : 800);
  }
  tone(ok);
  try { navigator.vibrate?.(ok ? 60 : [120, 60, 120]); } catch { /* not supported */ }
}
