#pragma once
// The Open dialog: zenity's file chooser where zenity is installed (Debian's zenity package),
// run beside the window so that it keeps drawing while the dialog is open. Without zenity the
// File menu falls back to the typed path of the Scene section.
#include <future>
#include <optional>
#include <string>

namespace monge {

class FileDialog {
 public:
  // Whether a zenity executable is on PATH.
  static bool available();
  // Opens the chooser (does nothing while one is open).
  void open(const std::string& title);
  bool busy() const { return pending_.valid(); }
  // The chosen path once the dialog closed with a choice; nullopt while open, or if cancelled.
  std::optional<std::string> take();

 private:
  std::future<std::string> pending_;
};

}  // namespace monge
