/** Desktop alerts for new problems: off by default; critical (and optionally warning) problems, in every room or in watched rooms. */
import type { AlertSettings } from "../../core/alerts.ts";
import type { RoomLine } from "../../core/overview.ts";
import { S } from "../strings.ts";
import { UserText } from "./UserText.tsx";

export function AlertSettingsCard({ alerts, rooms, save }: { alerts: AlertSettings; rooms: readonly RoomLine[]; save: (alerts: AlertSettings) => void }) {
  const change = (part: Partial<AlertSettings>) => save({ ...alerts, ...part });
  const encrypted = rooms.filter((r) => r.encrypted);
  return (
    <fieldset class="card alerts" data-alerts={alerts.enabled ? "on" : "off"}>
      <legend>{S.settings.alerts.title}</legend>
      <p class="muted small">{S.settings.alerts.help}</p>
      <label class="check">
        <input type="checkbox" name="alerts-enabled" checked={alerts.enabled} onChange={(e) => change({ enabled: (e.target as HTMLInputElement).checked })} />
        <span>{S.settings.alerts.enabled}</span>
      </label>
      <label class="check">
        <input type="checkbox" name="alerts-warnings" checked={alerts.warnings} disabled={!alerts.enabled}
          onChange={(e) => change({ warnings: (e.target as HTMLInputElement).checked })} />
        <span>{S.settings.alerts.warnings}</span>
      </label>
      <div role="radiogroup" aria-label={S.settings.alerts.scope}>
        <label class="radio">
          <input type="radio" name="alerts-scope" value="all" checked={!alerts.watchedOnly} disabled={!alerts.enabled} onChange={() => change({ watchedOnly: false })} />
          <span>{S.settings.alerts.allRooms}</span>
        </label>
        <label class="radio">
          <input type="radio" name="alerts-scope" value="watched" checked={alerts.watchedOnly} disabled={!alerts.enabled} onChange={() => change({ watchedOnly: true })} />
          <span>{S.settings.alerts.watchedRooms}</span>
        </label>
      </div>
      {alerts.enabled && alerts.watchedOnly && (
        <ul class="plain watched-rooms" aria-label={S.settings.alerts.watchedRooms}>
          {encrypted.map((room) => (
            <li key={room.roomId}>
              <label class="check">
                <input type="checkbox" name="watched-room" value={room.roomId} checked={alerts.watchedRooms.includes(room.roomId)}
                  onChange={(e) =>
                    change({
                      watchedRooms: (e.target as HTMLInputElement).checked
                        ? [...alerts.watchedRooms, room.roomId]
                        : alerts.watchedRooms.filter((id) => id !== room.roomId),
                    })
                  } />
                <UserText text={room.name} fallback={room.roomId} />
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
