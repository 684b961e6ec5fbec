; Inno Setup script for the Windows installer (.github/workflows/release.yml runs it on a Windows runner:
;   iscc /DStudioVersion=0.1.0 packaging\windows\studio.iss
; after PyInstaller has built build\dist\app\studio and packaging\make-icons.py the icons in build\icons).
; Paths are relative to this file. Not run on the Linux development machine: untested until a runner does.
#ifndef StudioVersion
  #define StudioVersion "0.0.0"
#endif

[Setup]
AppId={{DC1EBF60-211D-47ED-B1F3-8B0F0F58895E}
AppName=Studio
AppVersion={#StudioVersion}
AppPublisher=The Studio developers
DefaultDirName={autopf}\Studio
DefaultGroupName=Studio
DisableProgramGroupPage=yes
; Per-user by default (no administrator needed); an administrator may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=studio-{#StudioVersion}-windows-x64-setup
SetupIconFile=..\..\build\icons\studio.ico
UninstallDisplayIcon={app}\StudioApp.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\build\dist\app\studio\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Studio"; Filename: "{app}\StudioApp.exe"
Name: "{autodesktop}\Studio"; Filename: "{app}\StudioApp.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\StudioApp.exe"; Description: "{cm:LaunchProgram,Studio}"; Flags: nowait postinstall skipifsilent
