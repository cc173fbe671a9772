Attribute VB_Name = "CmfiRibbon"
' CmfiRibbon: the ONE ribbon callback of the cmfi add-in.
'
' Every button of the tab in customUI/customUI14.xml has onAction="CmfiRibbon_OnAction" and a
' tag (check, new, books, ...).  This callback passes the pressed button's tag to Python:
'     cmfi_xl.addin.dispatch.run(tag)
' which looks the handler up in cmfi_xl/addin/ribbon.py and runs it on the active workbook.
' RunPython is xlwings' (module "xlwings" of this project, BSD licence, no licence key).
'
' Python reports its own errors as Thai message boxes.  This module only covers what happens
' before Python runs (VBA errors, Python missing).  Its Thai text is written as \uXXXX escapes
' and shown with MessageBoxW, so the source stays ASCII (no code-page dependence) and the
' message is right on any Windows display language.  The Thai text of each constant is
' checked by tests/addin/test_addin_vba.py.
'
' This file is the source of the module in the built .xlam, byte for byte (CRLF line ends):
' edit it here and rebuild with `cmfi-xl addin build`, never in the VBA editor.
Option Explicit

#If VBA7 Then
Private Declare PtrSafe Function CmfiMessageBoxW Lib "user32" Alias "MessageBoxW" ( _
    ByVal hWnd As LongPtr, ByVal lpText As LongPtr, ByVal lpCaption As LongPtr, _
    ByVal uType As Long) As Long
#Else
Private Declare Function CmfiMessageBoxW Lib "user32" Alias "MessageBoxW" ( _
    ByVal hWnd As Long, ByVal lpText As Long, ByVal lpCaption As Long, _
    ByVal uType As Long) As Long
#End If

' the message box title: Community Fund Management Institution
Private Const TITLE_TEXT As String = "\u0E2A\u0E16\u0E32\u0E1A\u0E31\u0E19\u0E01\u0E32\u0E23\u0E40\u0E07\u0E34\u0E19\u0E17\u0E38\u0E19\u0E0A\u0E38\u0E21\u0E0A\u0E19"
' "this button is not valid: " & tag
Private Const BAD_TAG_TEXT As String = "\u0E1B\u0E38\u0E48\u0E21\u0E19\u0E35\u0E49\u0E44\u0E21\u0E48\u0E16\u0E39\u0E01\u0E15\u0E49\u0E2D\u0E07: "
' "an error occurred in the add-in: " & the VBA error
Private Const VBA_ERROR_TEXT As String = "\u0E40\u0E01\u0E34\u0E14\u0E02\u0E49\u0E2D\u0E1C\u0E34\u0E14\u0E1E\u0E25\u0E32\u0E14\u0E43\u0E19\u0E2A\u0E48\u0E27\u0E19\u0E40\u0E2A\u0E23\u0E34\u0E21: "
' "Python could not be run; ask the PC's administrator to run cmfi-xl addin install again"
Private Const PYTHON_FAILED_TEXT As String = "\u0E40\u0E23\u0E35\u0E22\u0E01\u0E43\u0E0A\u0E49 Python \u0E44\u0E21\u0E48\u0E2A\u0E33\u0E40\u0E23\u0E47\u0E08 \u0E42\u0E1B\u0E23\u0E14\u0E43\u0E2B\u0E49\u0E1C\u0E39\u0E49\u0E14\u0E39\u0E41\u0E25\u0E40\u0E04\u0E23\u0E37\u0E48\u0E2D\u0E07\u0E23\u0E31\u0E19\u0E04\u0E33\u0E2A\u0E31\u0E48\u0E07 cmfi-xl addin install \u0E2D\u0E35\u0E01\u0E04\u0E23\u0E31\u0E49\u0E07"

Sub CmfiRibbon_OnAction(control As IRibbonControl)
    Dim tag As String
    Dim result As Variant
    On Error GoTo failed
    tag = control.Tag
    ' Tags are lower-case identifiers; anything else never reaches the Python command line.
    If tag = "" Or tag Like "*[!a-z0-9_]*" Then
        CmfiShowError CmfiText(BAD_TAG_TEXT) & tag
        Exit Sub
    End If
    result = RunPython("import cmfi_xl.addin.dispatch as d; d.run('" & tag & "')")
    If Not IsEmpty(result) Then
        If result = -1 Then CmfiShowError CmfiText(PYTHON_FAILED_TEXT)
    End If
    Application.StatusBar = False
    Exit Sub
failed:
    Application.StatusBar = False
    CmfiShowError CmfiText(VBA_ERROR_TEXT) & Err.Description & " (" & Err.Number & ")"
End Sub

Private Sub CmfiShowError(ByVal message As String)
    ' A Thai error message box (Unicode, independent of the system code page).
    #If Mac Then
        MsgBox message, vbCritical, CmfiText(TITLE_TEXT)
    #Else
        CmfiMessageBoxW Application.Hwnd, StrPtr(message), StrPtr(CmfiText(TITLE_TEXT)), &H10&
    #End If
End Sub

Public Function CmfiText(ByVal escaped As String) As String
    ' Decode \uXXXX escapes (4 hex digits) into Unicode characters; other text is kept.
    Dim i As Long, out As String
    i = 1
    Do While i <= Len(escaped)
        If Mid$(escaped, i, 2) = "\u" And i + 5 <= Len(escaped) Then
            out = out & ChrW$(CLng("&H" & Mid$(escaped, i + 2, 4)))
            i = i + 6
        Else
            out = out & Mid$(escaped, i, 1)
            i = i + 1
        End If
    Loop
    CmfiText = out
End Function
