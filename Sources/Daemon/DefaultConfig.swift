extension Config {
    /// The commented default configuration that `closetd config default` prints and `make install` installs.
    /// Every value here is the built-in default: a test parses this text and compares it with `Config()`.
    public static let defaultYAML = """
        # closetd configuration. Unknown keys are errors; a bad value names the field and exits with status 78.

        # Names this mirror in MQTT topics (closetd/<device_id>/...) and in Home Assistant.
        device_id: mirror
        # trace, debug, info, notice, warning, error or critical
        log_level: info
        # The inventory, the MQTT outbox and learned models. `--state DIR` overrides it.
        state_dir: /var/lib/closetd
        # The int8 .tflite models and their manifest.
        models_dir: /usr/local/share/closetd/models
        # A graceful stop (SIGTERM) may take this long before remaining work is cancelled.
        shutdown_timeout_seconds: 10

        camera:
          # A V4L2 capture device.
          device: /dev/video0
          width: 640
          height: 480
          fps: 15
          # mmap buffers to stream with.
          buffers: 4
          # Play a recording instead of the camera: a folder of JPEGs named by ISO-8601 basic timestamps
          # (20261123T071502.250.jpg) or an MJPEG file.
          replay: null
          # Capture restarts when no frame arrived for this long.
          no_frame_timeout_seconds: 20

        mqtt:
          host: localhost
          port: 1883
          # Defaults to closetd-<device_id>.
          client_id: null
          username: null
          # Prefer password_file (its first line is the password) to keep secrets out of this file.
          password: null
          password_file: null
          tls:
            # TLS is on when ca_file is set; cert_file and key_file add a client certificate.
            ca_file: null
            cert_file: null
            key_file: null
          keepalive_seconds: 30
          # How often closetd/<device_id>/stats is published.
          stats_interval_seconds: 60
          base_topic: closetd
          discovery:
            # Home Assistant MQTT device discovery.
            enabled: true
            prefix: homeassistant

        recommend:
          # Local time of the morning recommendation, HH:MM.
          time: "06:30"
          # An IANA time zone such as Europe/Berlin, or local for the system's.
          time_zone: local
          # An MQTT topic with the outdoor temperature in °C (a number, or JSON with "temperature"),
          # e.g. one a Home Assistant automation publishes from a weather sensor. In JSON, "rain": true or a
          # rainy "condition" (rainy, pouring, …) means rain: outfits then bring outerwear below 18 °C.
          temperature_topic: null
          # A fixed outdoor temperature in °C when there is no topic; without either, the season decides.
          temperature_celsius: null

        perception:
          # Recognise garments on the camera's frames when the models are in models_dir.
          enabled: true
          # A mirror session stays open across gaps without a person up to this long.
          gap_tolerance_seconds: 3.0
          # A session with fewer frames of a whole person facing the mirror (or a close-up, below) creates nothing.
          min_session_frames: 3
          # Nor does one where the person stood still in fewer than 2 of them (someone walking past): standing still
          # is moving at most this many body heights (shoulder to ankle) per second since the previous frame.
          max_still_speed: 0.5
          # A whole person's shoulder-to-ankle height fills at least this share of the frame height (someone
          # walking past further away fills less); lower it for a camera with a wider view.
          min_standing_share: 0.33
          # Someone standing so close that their feet are below the frame still shows the garments the frame holds
          # whole (a top, a jacket, shorts): take those, never shoes nor what the frame's edge cuts off.
          close_ups: true
          # A garment must be seen in this many frames of a session to count.
          min_garment_frames: 2
          # A garment whose sharpest crop is blurrier (Laplacian variance) may match an item but not create one.
          min_sharpness: 10.0
          # Least detector heatmap score of a garment.
          detector_score_threshold: 0.4
          # Embedding similarity (minus category/colour disagreement penalties) that makes a garment an item.
          match_threshold: 0.75
          # Below match_threshold but at least this: a new item, kept as a merge candidate of the nearest one.
          candidate_threshold: 0.6
          # Added to the score of an item already logged as worn that day (later looks in the mirror the same
          # morning mostly show the same clothes).
          same_day_bonus: 0.2
          # Shoes are matched by their measured colour, not the embedding (their crops are mostly floor): a pair's
          # similarity is 1 - d / shoe_colour_scale, d the CIELAB distance of the measured colours with lightness
          # weighted by shoe_lightness_weight (so the match threshold 0.75 is reached at d = 21) ...
          shoe_colour_scale: 84.0
          # ... or 1 - d / clear_shoe_colour_scale (d = 16 at 0.75) for shoes seen clearly: no long trousers or
          # jumpsuit over them, and their colour settled and agreed on in most frames.
          clear_shoe_colour_scale: 64.0
          shoe_lightness_weight: 0.5

        """
}
